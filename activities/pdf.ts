/**
 * Renders a letter or journal document as an accessible, archivable PDF with PDFKit:
 *
 * - PDF/A-2a (archival, with its XMP identification and an sRGB output intent) and tagged PDF
 *   for PDF/UA-1: a structure tree (Document → H1, Sect → H2, P, L/LI), `MarkInfo`, the document
 *   title shown in the viewer's title bar (`DisplayDocTitle`), the language nb-NO, and
 *   `pdfuaid:part 1` in the metadata;
 * - one embedded Unicode font, DejaVu Sans (from the `dejavu-fonts-ttf` npm package, free licence
 *   in its LICENSE), which covers Norwegian and the Sámi letters (Á á Č č Đ đ Ŋ ŋ Š š Ŧ ŧ Ž ž);
 *   never a font from the machine, so a fresh machine renders the same letter;
 * - body text at 12 pt; "§" and "§§" are bound to the number after them with a no-break space, so
 *   a line never ends with "§";
 * - line breaks inside a paragraph are kept (a note written on three lines stays on three lines).
 *
 * The output depends only on the input (fixed dates, a file ID derived from them), so a retried
 * activity produces the same bytes and the same checksum.
 */
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';

export interface PdfSection {
  heading?: string;
  /** A string is a paragraph (its `\n` are kept); an array of strings is a bulleted list. */
  paragraphs: (string | string[])[];
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
  /** Who the document is from (metadata `Author`), e.g. "Stavanger kommune". */
  author?: string;
}

export const BODY_PT = 12;
export const PDF_LANGUAGE = 'nb-NO';

const require_ = createRequire(__filename);
const fontDir = join(dirname(require_.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
let fonts: { regular: Buffer; bold: Buffer } | undefined;
function loadFonts() {
  fonts ??= {
    regular: readFileSync(join(fontDir, 'DejaVuSans.ttf')),
    bold: readFileSync(join(fontDir, 'DejaVuSans-Bold.ttf')),
  };
  return fonts;
}

/** Binds "§ 29", "§§ 18 og 19" and "nr. 6" so no line breaks between the sign and its number. */
export function bindSections(text: string): string {
  return text.replace(/(§§?|nr\.|jf\.) (?=\d)/g, '$1\u00a0').replace(/\t/g, ' ');
}

const PDFUA_XMP = `<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
  <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
    <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
      <pdfaProperty:name>part</pdfaProperty:name>
      <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
      <pdfaProperty:category>internal</pdfaProperty:category>
      <pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
    </rdf:li></rdf:Seq></pdfaSchema:property>
  </rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"><pdfuaid:part>1</pdfuaid:part></rdf:Description>`;

/** XMP is XML: the title goes in as text. */
function xmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export async function renderPdf(content: PdfContent): Promise<Uint8Array> {
  const fixed = new Date(`${content.date.slice(0, 10)}T12:00:00Z`);
  const { regular, bold } = loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 64, right: 64 },
    pdfVersion: '1.7',
    subset: 'PDF/A-2a',
    tagged: true,
    lang: PDF_LANGUAGE,
    displayTitle: true,
    autoFirstPage: true,
    info: {
      Title: xmlText(content.title),
      Author: xmlText(content.author ?? 'Bolig først'),
      Producer: 'Bolig først',
      Creator: 'Bolig først',
      CreationDate: fixed,
      ModDate: fixed,
    },
  });
  doc.registerFont('body', regular);
  doc.registerFont('bold', bold);
  // PDF/UA-1 identification next to PDF/A's; PDF/A-2 accepts the pdfuaid property only with its
  // extension schema declared.
  doc.appendXML(PDFUA_XMP);

  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });

  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const root = doc.struct('Document');
  doc.addStructure(root);

  const para = (
    parent: PDFKit.PDFStructureElement,
    text: string,
    font: 'body' | 'bold',
    size: number,
    opts: PDFKit.Mixins.TextOptions = {},
  ) => {
    parent.add(
      doc.struct('P', {}, () => {
        doc
          .font(font)
          .fontSize(size)
          .text(bindSections(text), { width, ...opts });
      }),
    );
  };

  // Letterhead (sender, date, reference) on the right, the addressee on the left.
  const top = doc.y;
  const head = doc.struct('Sect');
  root.add(head);
  for (const l of content.letterhead) para(head, l, 'body', 10, { align: 'right' });
  const afterHead = doc.y;
  doc.y = top;
  for (const l of content.addressee ?? []) para(head, l, 'body', BODY_PT, { width: width / 2 });
  head.end();
  doc.y = Math.max(afterHead, doc.y) + 24;

  root.add(
    doc.struct('H1', {}, () => {
      doc.font('bold').fontSize(17).text(bindSections(content.title), { width });
    }),
  );
  doc.moveDown(0.6);

  for (const s of content.sections) {
    const sect = doc.struct('Sect');
    root.add(sect);
    if (s.heading) {
      doc.moveDown(0.4);
      const heading = s.heading;
      sect.add(
        doc.struct('H2', {}, () => {
          doc.font('bold').fontSize(14).text(bindSections(heading), { width });
        }),
      );
      doc.moveDown(0.2);
    }
    for (const p of s.paragraphs) {
      if (Array.isArray(p)) {
        const list = doc.struct('L');
        sect.add(list);
        doc.font('body').fontSize(BODY_PT);
        doc.list(p.map(bindSections), { width, structParent: list, bulletRadius: 2.5, paragraphGap: 2 });
        list.end();
      } else {
        para(sect, p, 'body', BODY_PT);
      }
      doc.moveDown(0.5);
    }
    sect.end();
  }
  root.end();
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
