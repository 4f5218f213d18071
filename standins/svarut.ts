/**
 * Stand-in for KS SvarUt's REST API v1 (`/tjenester/api/forsendelse/v1`). HTTP Basic auth;
 * `POST /sendForsendelse` takes the multipart letter (`forsendelse` JSON, validated against the
 * published forsendelse.json, and its documents in `filer`, each named in `dokumenter`);
 * `GET /{id}/status`, `GET /{id}/historikk`, `GET /eksternref/{ref}` answer with the published
 * shapes. Like the real service it does not refuse a repeated `eksternReferanse`: finding it first
 * is the sender's job.
 *
 * Status progresses one step each time the status is read, as a real letter moves on over time:
 * digital mail MOTTATT → AKSEPTERT → SENDT_SDP → LEVERT_SDP; printed mail (no national identity
 * number) MOTTATT → AKSEPTERT → SENDT_PRINT → PRINTET. `POST /admin/{id}/status` sets a status
 * (e.g. IKKE_LEVERT) and stops the progression.
 */
import { randomUUID } from 'node:crypto';
import express, { Router } from 'express';
import { Faults, multipart, Store } from './common';
import { validateSvarUt } from './contracts';

export interface Forsendelse {
  id: string;
  eksternReferanse?: string | null;
  tittel: string;
  channel: 'digital' | 'print';
  niva4: boolean;
  files: string[];
  status: string;
  frozen: boolean;
  history: { tidspunkt: string; hendelse: string }[];
  receivedAt: string;
  statusChangedAt: number;
  forsendelse: unknown;
}

const PROGRESSION: Record<Forsendelse['channel'], string[]> = {
  digital: ['MOTTATT', 'AKSEPTERT', 'SENDT_SDP', 'LEVERT_SDP'],
  print: ['MOTTATT', 'AKSEPTERT', 'SENDT_PRINT', 'PRINTET'],
};

const error = (res: express.Response, status: number, errorcode: string, message: string) =>
  res.status(status).json({ errorcode, message });

export function svarutRouter(dataDir: string, faults: Faults, auth: { user: string; pass: string }) {
  const store = new Store<Forsendelse>(dataDir, 'svarut');
  const router = Router();
  const expected = `Basic ${Buffer.from(`${auth.user}:${auth.pass}`).toString('base64')}`;

  router.get('/received', (_req, res) => {
    res.json({
      items: store
        .all()
        .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt))
        .map(({ forsendelse: _f, ...rest }) => rest),
    });
  });
  router.get('/received/:id', (req, res) => {
    const f = store.get(req.params.id);
    if (!f) return res.status(404).end();
    res.json(f);
  });
  router.get('/received/:id/:file', (req, res) => {
    const f = store.get(req.params.id);
    if (!f || !f.files.includes(req.params.file)) return res.status(404).end();
    res.type('application/pdf').send(store.attachment(f.id, req.params.file));
  });
  router.post('/admin/:id/status', express.json(), (req, res) => {
    const f = store.get(req.params.id);
    if (!f) return res.status(404).end();
    const status = String(req.body?.status ?? '');
    const check = validateSvarUt({ statuser: [{ status }] }, 'forsendelseStatus.json');
    if (!check.valid) return error(res, 400, 'UGYLDIG_STATUS', `unknown status ${status}`);
    const now = Date.now();
    store.put({
      ...f,
      status,
      frozen: true,
      statusChangedAt: now,
      history: [...f.history, { tidspunkt: new Date(now).toISOString(), hendelse: status }],
    });
    res.json({ id: f.id, status });
  });

  const api = Router();
  api.use((req, res, next) => {
    if (req.headers.authorization !== expected) {
      res.set('www-authenticate', 'Basic realm="SvarUt"');
      return error(res, 401, 'UNAUTHORIZED', 'HTTP Basic auth required');
    }
    next();
  });
  api.use(faults.middleware('svarut'));

  api.post(
    '/sendForsendelse',
    express.raw({ type: 'multipart/form-data', limit: '50mb' }),
    async (req, res, next) => {
      try {
        let parts;
        try {
          parts = await multipart(req);
        } catch {
          return error(res, 400, 'UGYLDIG_FORESPORSEL', 'expected multipart/form-data');
        }
        const jsonPart = parts.find((p) => p.name === 'forsendelse');
        if (!jsonPart) return error(res, 400, 'UGYLDIG_FORESPORSEL', 'the forsendelse part is missing');
        // Shape checked by the published schema just below.
        let forsendelse: {
          tittel: string;
          eksternReferanse?: string | null;
          krevNiva4Innlogging?: boolean;
          mottaker?: { digitalAdresse?: unknown; postAdresse?: unknown };
          dokumenter?: { filnavn: string; mimeType: string }[] | null;
        };
        try {
          forsendelse = JSON.parse(jsonPart.content.toString('utf8'));
        } catch {
          return error(res, 400, 'UGYLDIG_FORESPORSEL', 'forsendelse is not JSON');
        }
        const check = validateSvarUt(forsendelse, 'forsendelse.json');
        if (!check.valid) return error(res, 400, 'UGYLDIG_FORSENDELSE', check.errors.slice(0, 5).join('; '));
        const files = parts.filter((p) => p.name === 'filer');
        const docs: { filnavn: string; mimeType: string }[] = forsendelse.dokumenter ?? [];
        if (docs.length === 0)
          return error(res, 400, 'UGYLDIG_FORSENDELSE', 'a forsendelse needs a document');
        for (const d of docs) {
          const file = files.find((f) => f.fileName === d.filnavn);
          if (!file) return error(res, 400, 'UGYLDIG_FORSENDELSE', `file ${d.filnavn} is missing`);
          if (d.mimeType === 'application/pdf' && file.content.subarray(0, 5).toString() !== '%PDF-')
            return error(res, 400, 'UGYLDIG_FORSENDELSE', `file ${d.filnavn} is not a PDF`);
        }
        const mottaker = forsendelse.mottaker ?? {};
        if (!mottaker.digitalAdresse && !mottaker.postAdresse)
          return error(res, 400, 'UGYLDIG_FORSENDELSE', 'mottaker needs a digital or a postal address');
        const now = Date.now();
        const item: Forsendelse = {
          id: randomUUID(),
          eksternReferanse: forsendelse.eksternReferanse,
          tittel: forsendelse.tittel,
          channel: mottaker.digitalAdresse ? 'digital' : 'print',
          niva4: forsendelse.krevNiva4Innlogging === true,
          files: docs.map((d) => d.filnavn),
          status: 'MOTTATT',
          frozen: false,
          history: [{ tidspunkt: new Date(now).toISOString(), hendelse: 'MOTTATT' }],
          receivedAt: new Date(now).toISOString(),
          statusChangedAt: now,
          forsendelse,
        };
        store.put(item, Object.fromEntries(files.map((f) => [f.fileName ?? 'dokument.pdf', f.content])));
        res.json({ id: item.id });
      } catch (err) {
        next(err);
      }
    },
  );

  api.get('/eksternref/:ref', (req, res) => {
    const ids = store
      .all()
      .filter((f) => f.eksternReferanse === req.params.ref)
      .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt))
      .map((f) => ({ id: f.id }));
    res.json({ forsendelseIder: ids });
  });

  api.get('/:id/status', (req, res) => {
    let f = store.get(req.params.id);
    if (!f) return error(res, 404, 'IKKE_FUNNET', 'no forsendelse with that id');
    const steps = PROGRESSION[f.channel];
    const at = steps.indexOf(f.status);
    if (!f.frozen && at >= 0 && at < steps.length - 1) {
      const now = Date.now();
      const status = steps[at + 1];
      f = store.put({
        ...f,
        status,
        statusChangedAt: now,
        history: [...f.history, { tidspunkt: new Date(now).toISOString(), hendelse: status }],
      });
    }
    res.json({ forsendelsesId: { id: f.id }, sisteStatusEndring: f.statusChangedAt, status: f.status });
  });

  api.get('/:id/historikk', (req, res) => {
    const f = store.get(req.params.id);
    if (!f) return error(res, 404, 'IKKE_FUNNET', 'no forsendelse with that id');
    res.json({ hendelsesLogger: f.history });
  });

  router.use('/tjenester/api/forsendelse/v1', api);
  return { router, store };
}
