/**
 * The stand-ins' HTTP app (see main.ts): one service standing in for the municipal systems.
 *
 *   /arkiv     the archive endpoint (KS Fiks Arkiv arkivmelding, XSD-validated)
 *   /svarut    KS SvarUt REST v1 (forsendelse, JSON-schema-validated; Basic auth)
 *   /care      the care case system (our JSON contract)
 *   /nav       NAV notices (our JSON contract)
 *   /specialist-health  notices to the specialist health service (the same contract)
 *   /housing   the housing system (our JSON contract), seeded with units per municipality
 *
 *   GET  /                     a page showing what arrived and the pending faults
 *   GET  /<system>/received    what arrived, as JSON
 *   POST /admin/faults         { system, mode: "500"|"400"|"hang"|"lose-answer", count, match? }
 *                              (the next `count` calls to that system, or only those whose path
 *                              contains `match`, fail that way)
 *   GET  /admin/faults, DELETE /admin/faults[?system=]
 */
import express from 'express';
import { archiveRouter } from './archive';
import { escapeHtml, FAULT_MODES, Faults, SYSTEMS, type FaultMode, type System } from './common';
import { careRouter, housingRouter, partyRouter } from './json-systems';
import { svarutRouter } from './svarut';

export interface StandinsOptions {
  dataDir: string;
  svarut?: { user: string; pass: string };
  /** How long a hung request is held before its socket is dropped (default 10 minutes). */
  hangMs?: number;
  /**
   * The archive checks every n-th message against the XSD (default 1: every one). Only the
   * national benchmark samples: xmllint (WebAssembly) costs about 0.4 s of CPU per message, and
   * in production the archive runs on other machines than the service it measures.
   */
  xsdEvery?: number;
}

export function createStandinsApp(opts: StandinsOptions) {
  const app = express();
  const faults = new Faults(opts.hangMs);
  const archive = archiveRouter(opts.dataDir, faults, opts.xsdEvery);
  const svarut = svarutRouter(
    opts.dataDir,
    faults,
    opts.svarut ?? {
      user: process.env.SVARUT_USER ?? 'bolig-forst',
      pass: process.env.SVARUT_PASS ?? 'dev-password',
    },
  );
  const care = careRouter(opts.dataDir, faults);
  const nav = partyRouter('nav', opts.dataDir, faults);
  const specialistHealth = partyRouter('specialist-health', opts.dataDir, faults);
  const housing = housingRouter(opts.dataDir, faults);

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.post('/admin/faults', express.json(), (req, res) => {
    const { system, mode, count, match } = req.body ?? {};
    const errors: string[] = [];
    if (!SYSTEMS.includes(system)) errors.push(`system: one of ${SYSTEMS.join(', ')}`);
    if (!FAULT_MODES.includes(mode)) errors.push(`mode: one of ${FAULT_MODES.join(', ')}`);
    const n = count === undefined ? 1 : Number(count);
    if (!Number.isInteger(n) || n < 1 || n > 1000) errors.push('count: an integer from 1 to 1000');
    if (match !== undefined && (typeof match !== 'string' || !match))
      errors.push('match: a non-empty string');
    if (errors.length) return res.status(400).json({ errors });
    faults.add(system as System, mode as FaultMode, n, match);
    res.status(201).json({ pending: faults.pending() });
  });
  app.get('/admin/faults', (_req, res) => {
    res.json({ pending: faults.pending(), injected: faults.injected });
  });
  app.delete('/admin/faults', (req, res) => {
    const system = typeof req.query.system === 'string' ? req.query.system : undefined;
    if (system && !SYSTEMS.includes(system as System)) return res.status(400).json({ errors: ['system'] });
    faults.clear(system as System | undefined);
    res.json({ pending: faults.pending() });
  });

  app.use('/arkiv', archive.router);
  app.use('/svarut', svarut.router);
  app.use('/care', care.router);
  app.use('/nav', nav.router);
  app.use('/specialist-health', specialistHealth.router);
  app.use('/housing', housing.router);

  app.get('/', (_req, res) => {
    const table = (title: string, head: string[], rows: string[][]) =>
      `<h2>${escapeHtml(title)} (${rows.length})</h2>` +
      (rows.length
        ? `<table><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>${rows
            .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
            .join('')}</table>`
        : '<p><em>nothing yet</em></p>');
    const link = (href: string, text: string) => `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;
    const archiveRows = archive.store
      .all()
      .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt))
      .map((i) => [
        escapeHtml(i.receivedAt),
        escapeHtml(i.xsiType ?? i.kind),
        escapeHtml(i.offentligTittel ?? ''),
        escapeHtml(i.key?.split('\u0000')[1] ?? ''),
        i.skjermet ? 'skjermet' : '<strong>NOT screened</strong>',
        [
          link(`/arkiv/received/${i.id}/arkivmelding.xml`, 'arkivmelding.xml'),
          ...i.files.map((f) => link(`/arkiv/received/${i.id}/${f}`, f)),
        ].join(' '),
      ]);
    const svarutRows = svarut.store
      .all()
      .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt))
      .map((f) => [
        escapeHtml(f.receivedAt),
        escapeHtml(f.tittel),
        escapeHtml(f.eksternReferanse ?? ''),
        escapeHtml(`${f.channel}${f.niva4 ? ', nivå 4' : ''}`),
        escapeHtml(f.status),
        f.files.map((n) => link(`/svarut/received/${f.id}/${n}`, n)).join(' '),
      ]);
    const json = (items: { id: string; receivedAt: string; reference: string }[]) =>
      items.map((i) => [escapeHtml(i.receivedAt), escapeHtml(i.id), escapeHtml(i.reference)]);
    res.type('html').send(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Bolig først – municipal stand-ins</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:80rem}table{border-collapse:collapse;width:100%}
td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;font-size:.9rem}th{background:#f3f3f3}code{background:#f3f3f3}</style>
</head><body>
<h1>Municipal stand-ins</h1>
<p>Local stand-ins for the archive (KS Fiks Arkiv), SvarUt, the care case system, NAV, the specialist health service and the housing system.
Everything they receive is validated against the published contracts and kept on disk. JSON:
${[
  '/arkiv/received',
  '/svarut/received',
  '/care/received',
  '/nav/received',
  '/specialist-health/received',
  '/housing/received',
  '/housing/units',
  '/admin/faults',
]
  .map((p) => link(p, p))
  .join(', ')}.</p>
<p>Fault injection: <code>curl -X POST -H 'content-type: application/json' -d '{"system":"archive","mode":"500","count":2}' …/admin/faults</code>
(modes: ${FAULT_MODES.join(', ')}). Pending: <code>${escapeHtml(JSON.stringify(faults.pending()))}</code></p>
${table('Archive: arkivmeldinger', ['received', 'type', 'public title', 'external key', 'screening', 'files'], archiveRows)}
${table('SvarUt: forsendelser', ['received', 'title', 'eksternReferanse', 'channel', 'status', 'document'], svarutRows)}
${table('Care system: decisions', ['received', 'external reference', 'reference'], json(care.store.all()))}
${table('NAV: notices', ['received', 'external reference', 'reference'], json(nav.store.all()))}
${table('Specialist health service: notices', ['received', 'external reference', 'reference'], json(specialistHealth.store.all()))}
${table(
  'Housing: reservations and leases',
  ['at', 'kind', 'unit', 'case', 'reference'],
  [
    ...housing.reservations
      .all()
      .map((r) => [r.at, 'reservation', r.unitId, r.caseReference, r.reservationId]),
    ...housing.leases.all().map((l) => [l.at, 'lease', l.unitId, l.caseReference, l.leaseId]),
  ].map((r) => r.map(escapeHtml)),
)}
</body></html>`);
  });

  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    void _next;
    res
      .status(500)
      .json({ errorcode: 'INTERN_FEIL', message: err instanceof Error ? err.message : 'internal error' });
  });
  return app;
}
