/**
 * Validation against the publishers' own contracts, copied unchanged into specs/ (each folder
 * with its publisher's licence; see specs/README.md): the Fiks Arkiv V1 XSDs
 * (through xmllint compiled to WebAssembly: there is no system xmllint here) and the SvarUt REST
 * JSON schemas (ajv, draft-06). Used by the stand-ins on every message they receive and by the
 * tests on every message our activities produce.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';
import { validateXML } from 'xmllint-wasm';

export const SPECS_DIR = process.env.BF_SPECS_DIR ?? path.resolve(__dirname, '..', 'specs');

export const ARKIVMELDING_OPPRETT_XSD = 'no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd';
export const ARKIVMELDING_KVITTERING_XSD =
  'no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.kvittering.xsd';

export interface ContractResult {
  valid: boolean;
  errors: string[];
}

function specsDir(sub: string): string {
  const dir = path.join(SPECS_DIR, sub);
  if (!existsSync(dir))
    throw new Error(`published specifications not found at ${dir} (set BF_SPECS_DIR to the specs folder)`);
  return dir;
}

let xsdFiles: { fileName: string; contents: string }[] | undefined;
function fiksArkivXsds() {
  if (!xsdFiles) {
    const dir = specsDir('fiks-arkiv-v1');
    xsdFiles = readdirSync(dir)
      .filter((f) => f.endsWith('.xsd'))
      .map((f) => ({ fileName: f, contents: readFileSync(path.join(dir, f), 'utf8') }));
  }
  return xsdFiles;
}

// xmllint-wasm runs one WebAssembly instance per call; serialise calls so a burst of messages
// does not multiply its memory.
let queue: Promise<unknown> = Promise.resolve();

/**
 * Results by document, so a message sent again (a client's retry after a lost answer or a time-out
 * sends the same bytes) is not checked again: a check costs about 0.4 s of CPU, and a queue of
 * retries each checked anew once kept the chaos run's archive behind its clients' time-outs for
 * good (1,023 time-outs, 676 of 1,200 entries stored when the run stopped). Bounded: the oldest
 * results go first.
 */
const checked = new Map<string, ContractResult>();
const CHECKED_MAX = 2_000;

/**
 * Resolves when no XML validation is under way: whoever stops the stand-ins waits for it, so a
 * validation's WebAssembly worker never starts after its process began to shut down.
 */
export function contractsIdle(): Promise<void> {
  return queue.then(
    () => undefined,
    () => undefined,
  );
}

/** Thrown when a validation's caller went away (its `signal` aborted) before its turn came. */
export class ValidationAbandoned extends Error {
  constructor() {
    super('validation abandoned: the caller went away before its turn');
    this.name = 'ValidationAbandoned';
  }
}

/**
 * Validates an XML document against one of the Fiks Arkiv V1 schemas (by file name). A caller
 * that gives up (its `signal` aborts: the client hung up) before its turn costs nothing: the
 * check is skipped and the promise rejects with ValidationAbandoned.
 */
export function validateFiksArkiv(
  xml: string,
  schemaFile: string,
  opts: { signal?: AbortSignal } = {},
): Promise<ContractResult> {
  const files = fiksArkivXsds();
  const schema = files.find((f) => f.fileName === schemaFile);
  if (!schema) throw new Error(`no schema ${schemaFile} in the Fiks Arkiv specs`);
  const digest = createHash('sha256').update(schemaFile).update('\u0000').update(xml).digest('hex');
  const known = checked.get(digest);
  if (known) return Promise.resolve({ valid: known.valid, errors: [...known.errors] });
  const run = async (): Promise<ContractResult> => {
    const again = checked.get(digest);
    if (again) return { valid: again.valid, errors: [...again.errors] };
    if (opts.signal?.aborted) throw new ValidationAbandoned();
    const result = await validateXML({
      xml: [{ fileName: 'message.xml', contents: xml }],
      schema: [schema],
      preload: files.filter((f) => f !== schema),
    });
    const answer = { valid: result.valid, errors: result.errors.map((e) => e.message) };
    checked.set(digest, answer);
    if (checked.size > CHECKED_MAX) checked.delete(checked.keys().next().value!);
    return { valid: answer.valid, errors: [...answer.errors] };
  };
  const next = queue.then(run, run);
  queue = next.catch(() => undefined);
  return next;
}

let svarutValidators: Map<string, ValidateFunction> | undefined;

/** Validates JSON against one of the SvarUt REST schemas, e.g. "forsendelse.json". */
export function validateSvarUt(value: unknown, schemaFile: string): ContractResult {
  if (!svarutValidators) {
    const dir = specsDir('svarut-rest-v1');
    // The schemas use Java code-generation keywords (javaType, existingJavaType): not strict.
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addMetaSchema(draft06);
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    // Each schema is registered under its file name, so the relative $refs between them resolve.
    for (const f of files) ajv.addSchema(JSON.parse(readFileSync(path.join(dir, f), 'utf8')), f);
    svarutValidators = new Map(files.map((f) => [f, ajv.getSchema(f)!]));
  }
  const validate = svarutValidators.get(schemaFile);
  if (!validate) throw new Error(`no schema ${schemaFile} in the SvarUt specs`);
  const valid = validate(value) as boolean;
  return {
    valid,
    errors: (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim()),
  };
}
