/**
 * The letters and the archive's documents checked by veraPDF (validation model from Maven
 * Central, through scripts/verapdf.sh): PDF/A-2a and PDF/UA-1. A PDF without tags or embedded
 * fonts fails the same check, so the check can fail.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { journalMessage } from '../../activities/archive';
import { letterContent } from '../../activities/letter-texts';
import { renderPdf } from '../../activities/pdf';
import { municipalities } from '../support/fixtures';

const ROOT = path.resolve(__dirname, '..', '..');
const stavanger = municipalities.require('stavanger');

function veraPdf(files: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      [path.join(ROOT, 'scripts', 'verapdf.sh'), ...files],
      { cwd: ROOT, maxBuffer: 4 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (stderr.trim()) process.stderr.write(stderr);
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout });
      },
    );
  });
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'bf-verapdf-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('every letter and an archived note pass PDF/A-2a and PDF/UA-1; an untagged PDF does not', async () => {
  const decision = {
    date: '2026-03-03',
    services: [{ kind: 'oppfolging-i-hjemmet', hoursPerWeek: 6 }],
    reasons: 'Du har bodd ute siden i sommer.\nDu ønsker hjelp hjemme.\n\nVi har lagt vekt på kartleggingen.',
    decidedBy: { name: 'Siri Teamleder' },
  };
  const base = {
    caseId: 'hf-stavanger-a1b2c3d4e5',
    person: { name: 'Máret Čoavddáš-Ŋuolla' },
    sentOn: '2026-12-01',
    profile: stavanger,
    officeName: 'Madla helse- og sosialkontor',
  };
  const files: Record<string, Uint8Array> = {
    'decision.pdf': await renderPdf(letterContent({ ...base, purpose: 'decision', decision })),
    'revised.pdf': await renderPdf(
      letterContent({
        ...base,
        purpose: 'decision',
        decision: { ...decision, date: '2026-11-20', services: [{ kind: 'stottekontakt', hoursPerWeek: 2 }] },
        previous: decision,
      }),
    ),
    'not-relevant.pdf': await renderPdf(letterContent({ ...base, purpose: 'not-relevant' })),
    'no-place.pdf': await renderPdf(letterContent({ ...base, purpose: 'no-place' })),
    // Decisions where the law sees one (issue 15, item 4).
    'ending.pdf': await renderPdf(
      letterContent({
        ...base,
        purpose: 'ending',
        decision,
        facts: {
          reasons: decision.reasons,
          decidedBy: { name: 'Siri Teamleder', role: 'team-lead' },
          exitReason: 'moved-away',
          endedOn: '2026-11-20',
        },
      }),
    ),
    'ending-confirmation.pdf': await renderPdf(
      letterContent({
        ...base,
        purpose: 'ending-confirmation',
        facts: { exitReason: 'no-longer-wants', endedOn: '2026-11-20' },
      }),
    ),
    'capacity-refusal.pdf': await renderPdf(
      letterContent({
        ...base,
        purpose: 'capacity-refusal',
        facts: { reasons: decision.reasons, decidedBy: { name: 'Aisha Rahimi', role: 'assessment-team' } },
      }),
    ),
    'interim-reply.pdf': await renderPdf(
      letterContent({ ...base, purpose: 'interim-reply', facts: { expectedBy: '2026-12-24', position: 2 } }),
    ),
    'journal.pdf': (
      await journalMessage({
        caseId: base.caseId,
        municipality: 'stavanger',
        purpose: 'referral',
        caseFileId: 'sys-1',
        kind: 'referral',
        date: '2026-11-20',
        person: base.person,
        title: 'Henvisning til Bolig først',
        content: 'Bostedsløs: ja\nRusproblemer: ja\n\nMerknad: Sover ute.',
      })
    ).file.content,
  };
  const untagged = await PDFDocument.create();
  untagged.addPage().drawText('Vedtak', { font: await untagged.embedFont(StandardFonts.Helvetica) });
  files['untagged.pdf'] = await untagged.save();
  for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(dir, name), bytes);

  const { code, out } = await veraPdf(Object.keys(files).map((f) => path.join(dir, f)));
  const verdicts = Object.fromEntries(
    [...out.matchAll(/([\w-]+)\.pdf (2a|ua1): (PASS|FAIL)/g)].map((m) => [`${m[1]} ${m[2]}`, m[3]]),
  );
  for (const name of [
    'decision',
    'revised',
    'not-relevant',
    'no-place',
    'ending',
    'ending-confirmation',
    'capacity-refusal',
    'interim-reply',
    'journal',
  ]) {
    expect({ [name]: [verdicts[`${name} 2a`], verdicts[`${name} ua1`]] }).toEqual({
      [name]: ['PASS', 'PASS'],
    });
  }
  expect(verdicts['untagged 2a']).toBe('FAIL');
  expect(verdicts['untagged ua1']).toBe('FAIL');
  expect(code).toBe(1); // because of the untagged file only
}, 600_000);
