/**
 * Stand-in for the archive endpoint (a Fiks IO client / integration platform in front of a Noark 5
 * archive). Takes `no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett` messages as multipart
 * (`arkivmelding.xml` and the files it names), validates the XML against the published XSD,
 * checks the files, and answers as Fiks Arkiv does: an `arkivmeldingKvittering` with the
 * archive's `systemID`, "Eksisterende" for a repeated `referanseEksternNoekkel`, or an
 * `ugyldigforespoersel` (400) for a message that breaks the contract.
 */
import { randomUUID } from 'node:crypto';
import express, { Router } from 'express';
import { document, el, textIn, type XmlChild } from '../activities/xml';
import { Faults, multipart, Store } from './common';
import { ARKIVMELDING_OPPRETT_XSD, validateFiksArkiv, ValidationAbandoned } from './contracts';

export interface ArchivedItem {
  id: string; // systemID
  kind: 'mappe' | 'registrering';
  xsiType?: string;
  key?: string;
  parentId?: string;
  tittel?: string;
  offentligTittel?: string;
  journalposttype?: string;
  skjermet: boolean;
  files: string[];
  receivedAt: string;
  /** Sequence numbers the archive assigns. */
  year: number;
  sequence: number;
}

// The message types and namespaces as Fiks Arkiv V1 publishes them (specs/fiks-arkiv-v1).
const MELDINGSTYPE_OPPRETT = 'no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett';
const MELDINGSTYPE_KVITTERING = 'no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.kvittering';
const NS_METADATA = 'https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v1';
const NS_KVITTERING =
  'https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/kvittering/v1';
const NS_UGYLDIG = 'https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/feil/ugyldigforespoersel/v1';
const NS_FEIL = 'https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/feil/feilmelding/v1';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

function invalid(res: express.Response, message: string) {
  res
    .status(400)
    .type('application/xml')
    .set('x-fiks-meldingstype', 'no.ks.fiks.arkiv.v1.feilmelding.ugyldigforespoersel')
    .send(
      document(
        el(
          'ugyldigforespoersel',
          { xmlns: NS_UGYLDIG, 'xmlns:f': NS_FEIL },
          el('f:feilId', randomUUID()),
          el('f:feilmelding', message),
        )!,
      ),
    );
}

const m = (name: string, ...rest: XmlChild[]) => el(`n5mdk:${name}`, ...rest);

export function receipt(item: ArchivedItem, existing: boolean): string {
  const key = item.key?.split('\u0000');
  const ekstern = key
    ? el('referanseEksternNoekkel', m('fagsystem', key[0]), m('noekkel', key[1]))
    : undefined;
  const status = el('opprettetEllerEksisterende', existing ? 'Eksisterende' : 'Opprettet');
  const body =
    item.kind === 'mappe'
      ? el(
          'mappeKvittering',
          { 'xsi:type': 'saksmappeKvittering' },
          el('systemID', item.id),
          el('opprettetDato', item.receivedAt),
          ekstern,
          status,
          el('saksaar', String(item.year)),
          el('sakssekvensnummer', String(item.sequence)),
        )
      : el(
          'registreringKvittering',
          { 'xsi:type': 'journalpostKvittering' },
          el('systemID', item.id),
          el('opprettetDato', item.receivedAt),
          ekstern,
          status,
          el('journalaar', String(item.year)),
          el('journalsekvensnummer', String(item.sequence)),
          el('journalpostnummer', String(item.sequence)),
        );
  return document(
    el(
      'arkivmeldingKvittering',
      { xmlns: NS_KVITTERING, 'xmlns:n5mdk': NS_METADATA, 'xmlns:xsi': XSI },
      body,
    )!,
  );
}

export function archiveRouter(dataDir: string, faults: Faults, xsdEvery = 1) {
  const store = new Store<ArchivedItem>(dataDir, 'archive');
  const every = Number.isInteger(xsdEvery) && xsdEvery > 1 ? xsdEvery : 1;
  let messages = 0;
  // Indexes, so a message costs the same with 100,000 in the archive as with none.
  const byKey = new Map<string, ArchivedItem>();
  const count: Record<ArchivedItem['kind'], number> = { mappe: 0, registrering: 0 };
  const index = (item: ArchivedItem) => {
    if (item.key) byKey.set(`${item.kind}\u0000${item.key}`, item);
    count[item.kind]++;
  };
  store.all().forEach(index);
  const router = Router();

  router.get('/received', (_req, res) => {
    res.json({ items: store.all().sort((a, b) => a.receivedAt.localeCompare(b.receivedAt)) });
  });
  router.get('/received/:id/:file', (req, res) => {
    const item = store.get(req.params.id);
    const file = req.params.file;
    if (!item || (file !== 'arkivmelding.xml' && !item.files.includes(file))) return res.status(404).end();
    res
      .type(file.endsWith('.xml') ? 'application/xml' : 'application/pdf')
      .send(store.attachment(item.id, file));
  });

  router.post(
    '/meldinger',
    faults.middleware('archive'),
    express.raw({ type: 'multipart/form-data', limit: '25mb' }),
    async (req, res, next) => {
      try {
        if (req.headers['x-fiks-meldingstype'] !== MELDINGSTYPE_OPPRETT) {
          return invalid(res, `meldingstype must be ${MELDINGSTYPE_OPPRETT}`);
        }
        let parts;
        try {
          parts = await multipart(req);
        } catch {
          return invalid(res, 'expected multipart/form-data with arkivmelding.xml');
        }
        const xmlPart = parts.find((p) => p.name === 'arkivmelding.xml');
        if (!xmlPart) return invalid(res, 'arkivmelding.xml is missing');
        const xml = xmlPart.content.toString('utf8');
        // A client that hangs up while its message waits for the schema check (its time-out,
        // under a burst) is not checked nor stored: it sends the message again, as it would after
        // any lost call. One already checked is stored even if its client is gone.
        const gone = new AbortController();
        res.on('close', () => {
          if (!res.writableFinished) gone.abort();
        });
        let valid;
        try {
          valid =
            messages++ % every === 0
              ? await validateFiksArkiv(xml, ARKIVMELDING_OPPRETT_XSD, { signal: gone.signal })
              : { valid: true, errors: [] };
        } catch (err) {
          if (err instanceof ValidationAbandoned) return;
          throw err;
        }
        if (!valid.valid)
          return invalid(res, `arkivmelding.xml is not valid: ${valid.errors.slice(0, 3).join(' | ')}`);
        const files = parts.filter((p) => p !== xmlPart);
        const declared = Number(/<(?:\w+:)?antallFiler>(\d+)</.exec(xml)?.[1] ?? '0');
        if (declared !== files.length)
          return invalid(res, `antallFiler is ${declared}, the message has ${files.length}`);
        const refs = [...xml.matchAll(/<(?:\w+:)?referanseDokumentfil>([^<]+)</g)].map((x) => x[1]);
        for (const r of refs)
          if (!files.some((f) => f.name === r)) return invalid(res, `file ${r} is missing`);
        for (const f of files)
          if (f.type === 'application/pdf' && f.content.subarray(0, 5).toString() !== '%PDF-')
            return invalid(res, `file ${f.name} is not a PDF`);

        const isMappe = /<(?:\w+:)?mappe\b/.test(xml);
        const isRegistrering = /<(?:\w+:)?registrering\b/.test(xml);
        if (isMappe === isRegistrering)
          return invalid(res, 'this archive takes either a mappe or a registrering');
        const kind = isMappe ? 'mappe' : 'registrering';
        const fagsystem = textIn(xml, 'referanseEksternNoekkel', 'fagsystem');
        const noekkel = textIn(xml, 'referanseEksternNoekkel', 'noekkel');
        const key = fagsystem && noekkel ? `${fagsystem}\u0000${noekkel}` : undefined;
        const existing = key ? byKey.get(`${kind}\u0000${key}`) : undefined;
        if (existing) {
          res
            .type('application/xml')
            .set('x-fiks-meldingstype', MELDINGSTYPE_KVITTERING)
            .send(receipt(existing, true));
          return;
        }
        let parentId: string | undefined;
        if (kind === 'registrering') {
          parentId = textIn(xml, 'referanseForelderMappe', 'systemID');
          if (!parentId || store.get(parentId)?.kind !== 'mappe')
            return invalid(res, 'referanseForelderMappe does not name a mappe in this archive');
        }
        const now = new Date();
        const item: ArchivedItem = {
          id: randomUUID(),
          kind,
          xsiType: new RegExp(`<(?:\\w+:)?${kind}\\b[^>]*xsi:type="([^"]+)"`).exec(xml)?.[1],
          key,
          parentId,
          tittel: textIn(xml, kind, 'tittel'),
          offentligTittel: textIn(xml, kind, 'offentligTittel'),
          journalposttype: textIn(xml, 'journalposttype', 'kode'),
          skjermet: /<(?:\w+:)?skjerming>/.test(xml),
          files: files.map((f) => f.name),
          receivedAt: now.toISOString(),
          year: now.getUTCFullYear(),
          sequence: count[kind] + 1,
        };
        store.put(item, {
          'arkivmelding.xml': xml,
          ...Object.fromEntries(files.map((f) => [f.name, f.content])),
        });
        index(item);
        res
          .type('application/xml')
          .set('x-fiks-meldingstype', MELDINGSTYPE_KVITTERING)
          .send(receipt(item, false));
      } catch (err) {
        next(err);
      }
    },
  );
  return { router, store };
}
