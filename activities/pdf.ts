/**
 * Renders a letter or journal document as a real PDF (pdf-lib, standard Helvetica: no font files
 * to ship). Text is wrapped to A4 and flows onto new pages. The output depends only on the input
 * (fixed metadata dates), so a retried activity produces the same bytes and the same checksum.
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

export interface PdfSection {
  heading?: string;
  paragraphs: string[];
}

export interface PdfContent {
  title: string;
  /** Lines at the top right: sender, date, reference. */
  letterhead: string[];
  /** Lines at the top left: the addressee. */
  addressee?: string[];
  sections: PdfSection[];
  /** ISO date used for the document's metadata. */
  date: string;
}

// WinAnsi (the standard fonts' encoding) covers Latin-1 and a few typographic marks; anything
// else would make pdf-lib throw, so it is replaced.
const WIN_ANSI_EXTRA = new Set('–—‘’‚“”„•…€‰‹›™ŠšŽžŒœŸƒˆ˜†‡');
export function winAnsi(text: string): string {
  return [...text]
    .map((c) => {
      const code = c.codePointAt(0)!;
      if (c === '\t') return ' ';
      if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(c)) return c;
      return '?';
    })
    .join('');
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of winAnsi(text).split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width || !line) line = candidate;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

export async function renderPdf(content: PdfContent): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const fixed = new Date(`${content.date}T12:00:00Z`);
  doc.setTitle(winAnsi(content.title));
  doc.setProducer('Bolig først');
  doc.setCreator('Bolig først');
  doc.setCreationDate(fixed);
  doc.setModificationDate(fixed);
  doc.setLanguage('nb-NO');
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const [pageW, pageH] = [595.28, 841.89];
  const margin = 60;
  const width = pageW - 2 * margin;
  let page: PDFPage = doc.addPage([pageW, pageH]);
  let y = pageH - margin;

  const ensure = (h: number) => {
    if (y - h < margin) {
      page = doc.addPage([pageW, pageH]);
      y = pageH - margin;
    }
  };
  const line = (text: string, font: PDFFont, size: number, x = margin) => {
    ensure(size * 1.4);
    page.drawText(winAnsi(text), { x, y: y - size, size, font, color: rgb(0, 0, 0) });
    y -= size * 1.4;
  };

  const top = y;
  for (const l of content.letterhead) {
    const size = 9;
    page.drawText(winAnsi(l), {
      x: pageW - margin - regular.widthOfTextAtSize(winAnsi(l), size),
      y: y - size,
      size,
      font: regular,
    });
    y -= size * 1.4;
  }
  y = top;
  for (const l of content.addressee ?? []) line(l, regular, 10);
  y = Math.min(y, top - content.letterhead.length * 9 * 1.4) - 30;

  for (const l of wrap(content.title, bold, 15, width)) line(l, bold, 15);
  y -= 8;
  for (const s of content.sections) {
    if (s.heading) {
      y -= 6;
      for (const l of wrap(s.heading, bold, 11, width)) line(l, bold, 11);
    }
    for (const p of s.paragraphs) {
      for (const l of wrap(p, regular, 10, width)) line(l, regular, 10);
      y -= 5;
    }
  }
  return doc.save({ useObjectStreams: false });
}
