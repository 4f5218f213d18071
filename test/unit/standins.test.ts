/**
 * The stand-ins hold us to the published contracts: a message that breaks one is refused the way
 * the real system would refuse it, and what arrives is kept on disk across a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { caseFileMessage, MELDINGSTYPE_OPPRETT } from '../../activities/archive';
import { createStandinsApp } from '../../standins/app';
import { ARKIVMELDING_KVITTERING_XSD, validateFiksArkiv } from '../../standins/contracts';
import { municipalities, nationalId } from '../support/fixtures';

const auth = { user: 'u', pass: 'p' };
const basic = `Basic ${Buffer.from('u:p').toString('base64')}`;
let dataDir: string;
let server: Server;
let url: string;

async function start() {
  server = await new Promise<Server>((resolve) => {
    const s = createStandinsApp({ dataDir, svarut: auth, hangMs: 5_000 }).listen(0, '127.0.0.1', () =>
      resolve(s),
    );
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
async function stop() {
  await new Promise((r) => {
    server.close(r);
    server.closeAllConnections();
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'bf-standins-'));
  await start();
});
afterAll(async () => {
  await stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function archiveForm(xml: string) {
  const form = new FormData();
  form.append('arkivmelding.xml', new Blob([xml], { type: 'application/xml' }), 'arkivmelding.xml');
  return form;
}

const caseFile = (caseId: string) =>
  caseFileMessage(
    {
      caseId,
      municipality: 'stavanger',
      office: 'hillevag',
      person: { name: 'Kari Testperson', nationalId: nationalId() },
      referredAt: '2026-11-24',
    },
    municipalities.require('stavanger'),
  );

describe('archive stand-in', () => {
  it('answers a valid case file with a receipt that validates against the kvittering XSD, and "Eksisterende" for the same key', async () => {
    const post = () =>
      fetch(`${url}/arkiv/meldinger`, {
        method: 'POST',
        headers: { 'x-fiks-meldingstype': MELDINGSTYPE_OPPRETT },
        body: archiveForm(caseFile('hf-stavanger-unit000001')),
      });
    const first = await post();
    expect(first.status).toBe(200);
    const receipt = await first.text();
    expect(await validateFiksArkiv(receipt, ARKIVMELDING_KVITTERING_XSD)).toEqual({
      valid: true,
      errors: [],
    });
    expect(receipt).toContain('<opprettetEllerEksisterende>Opprettet</opprettetEllerEksisterende>');
    const again = await (await post()).text();
    expect(again).toContain('<opprettetEllerEksisterende>Eksisterende</opprettetEllerEksisterende>');
    const id = (xml: string) => /<systemID>([^<]+)</.exec(xml)![1];
    expect(id(again)).toBe(id(receipt));
  });

  it('refuses a message that breaks the XSD with an ugyldigforespoersel (400) naming the problem', async () => {
    const broken = caseFile('hf-stavanger-unit000002').replace(/<tittel>[^<]*<\/tittel>/, '');
    const res = await fetch(`${url}/arkiv/meldinger`, {
      method: 'POST',
      headers: { 'x-fiks-meldingstype': MELDINGSTYPE_OPPRETT },
      body: archiveForm(broken),
    });
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(body).toContain('<ugyldigforespoersel');
    expect(body).toContain('offentligTittel');
  });

  it('with xsdEvery (the national benchmark), checks every n-th message against the XSD, and all of them for the rest', async () => {
    const sampled = await new Promise<Server>((resolve) => {
      const s = createStandinsApp({
        dataDir: path.join(dataDir, 'sampled'),
        svarut: auth,
        hangMs: 5_000,
        xsdEvery: 2,
      }).listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const at = `http://127.0.0.1:${(sampled.address() as AddressInfo).port}/arkiv/meldinger`;
      const post = (xml: string) =>
        fetch(at, {
          method: 'POST',
          headers: { 'x-fiks-meldingstype': MELDINGSTYPE_OPPRETT },
          body: archiveForm(xml),
        });
      const noTitle = (id: string) => caseFile(id).replace(/<tittel>[^<]*<\/tittel>/, '');
      expect((await post(noTitle('hf-stavanger-samp000001'))).status).toBe(400); // 1st: checked
      expect((await post(noTitle('hf-stavanger-samp000002'))).status).toBe(200); // 2nd: not
      expect((await post(noTitle('hf-stavanger-samp000003'))).status).toBe(400); // 3rd: checked
      // What is not the XSD's is checked on every message.
      const res = await post(caseFile('hf-stavanger-samp000004').replace('<antallFiler>0', '<antallFiler>2'));
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('antallFiler is 2, the message has 0');
    } finally {
      await new Promise((r) => {
        sampled.close(r);
        sampled.closeAllConnections();
      });
    }
  });

  it('refuses a message whose antallFiler does not match its files', async () => {
    const res = await fetch(`${url}/arkiv/meldinger`, {
      method: 'POST',
      headers: { 'x-fiks-meldingstype': MELDINGSTYPE_OPPRETT },
      body: archiveForm(caseFile('hf-stavanger-unit000003').replace('<antallFiler>0', '<antallFiler>2')),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('antallFiler is 2, the message has 0');
  });

  it('keeps what arrived across a restart', async () => {
    const before = (await (await fetch(`${url}/arkiv/received`)).json()) as { items: unknown[] };
    expect(before.items.length).toBeGreaterThan(0);
    await stop();
    await start();
    const after = (await (await fetch(`${url}/arkiv/received`)).json()) as { items: unknown[] };
    expect(after.items).toEqual(before.items);
  });
});

describe('SvarUt stand-in', () => {
  const send = (forsendelse: unknown, authorization = basic) => {
    const form = new FormData();
    form.append('forsendelse', new Blob([JSON.stringify(forsendelse)], { type: 'application/json' }));
    form.append('filer', new Blob(['%PDF-1.7 test'], { type: 'application/pdf' }), 'brev.pdf');
    return fetch(`${url}/svarut/tjenester/api/forsendelse/v1/sendForsendelse`, {
      method: 'POST',
      headers: { authorization },
      body: form,
    });
  };
  const valid = {
    tittel: 'Brev',
    mottaker: { digitalAdresse: { fodselsNummer: '01017012345' } },
    krevNiva4Innlogging: true,
    eksternReferanse: 'hf-x/letter:no-place',
    dokumenter: [{ filnavn: 'brev.pdf', mimeType: 'application/pdf' }],
  };

  it('asks for HTTP Basic auth', async () => {
    expect((await send(valid, 'Basic d3Jvbmc6d3Jvbmc=')).status).toBe(401);
  });

  it('takes a valid forsendelse and refuses one that breaks the published schema', async () => {
    const ok = await send(valid);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const bad = await send({ ...valid, mottaker: { digitalAdresse: { fodselsNummer: '123' } } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errorcode: 'UGYLDIG_FORSENDELSE' });
  });

  it('refuses a forsendelse whose document is missing', async () => {
    const res = await send({ ...valid, dokumenter: [{ filnavn: 'annet.pdf', mimeType: 'application/pdf' }] });
    expect(res.status).toBe(400);
  });
});

describe('fault injection', () => {
  it('makes the next N calls to one system fail as asked, then lets calls through', async () => {
    const add = await fetch(`${url}/admin/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ system: 'housing', mode: '500', count: 2 }),
    });
    expect(add.status).toBe(201);
    const search = () =>
      fetch(`${url}/housing/units/search`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ municipality: 'bergen', areas: [], needs: [] }),
      });
    expect((await search()).status).toBe(500);
    expect((await search()).status).toBe(500);
    const res = await search();
    expect(res.status).toBe(200);
    const { units } = (await res.json()) as { units: { unitId: string; source: string }[] };
    expect(units.length).toBeGreaterThan(0);
    expect(units.every((u) => u.unitId.startsWith('BGO-') && u.source === 'private')).toBe(true);
  });

  it('refuses an unknown system or mode, naming the field', async () => {
    const res = await fetch(`${url}/admin/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ system: 'mainframe', mode: 'explode' }),
    });
    expect(res.status).toBe(400);
    const { errors } = (await res.json()) as { errors: string[] };
    expect(errors.join(' ')).toMatch(/system.*mode/);
  });

  it('shows what arrived on a page', async () => {
    const page = await (await fetch(`${url}/`)).text();
    expect(page).toContain('Archive: arkivmeldinger');
    expect(page).toContain('hf-stavanger-unit000001/saksmappe');
    expect(page).toContain('SvarUt: forsendelser');
  });
});
