/**
 * Reads the text a person would see in one of our PDFs: inflates each content stream and decodes
 * the hex strings drawn with Tj (pdf-lib writes standard-font text that way, WinAnsi-encoded).
 * Enough for our own letters; not a general PDF reader.
 */
import { inflateSync } from 'node:zlib';

const WIN_ANSI_HIGH: Record<number, string> = {
  0x96: '–',
  0x97: '—',
  0x95: '•',
  0x93: '“',
  0x94: '”',
  0x92: '’',
};

export function pdfText(pdf: Uint8Array): string {
  const raw = Buffer.from(pdf);
  const lines: string[] = [];
  let at = 0;
  for (;;) {
    const start = raw.indexOf('stream', at, 'latin1');
    if (start < 0) break;
    const dataStart = raw[start + 6] === 0x0d ? start + 8 : start + 7;
    const end = raw.indexOf('endstream', dataStart, 'latin1');
    at = end + 9;
    let content: string;
    try {
      content = inflateSync(raw.subarray(dataStart, end)).toString('latin1');
    } catch {
      content = raw.subarray(dataStart, end).toString('latin1');
    }
    for (const m of content.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) {
      const bytes = Buffer.from(m[1], 'hex');
      lines.push([...bytes].map((b) => WIN_ANSI_HIGH[b] ?? String.fromCharCode(b)).join(''));
    }
  }
  return lines.join('\n');
}

export function isPdf(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-';
}
