/**
 * Reads our PDFs the way a checker would: the text a person sees (content streams decoded through
 * each font's ToUnicode map), the catalog (language, MarkInfo, structure tree, viewer
 * preferences), the XMP metadata and the fonts. Built on pdf-lib's object parser; enough for
 * our own letters (PDFKit output), not a general PDF reader.
 */
import { inflateSync } from 'node:zlib';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFRef,
  PDFString,
  type PDFObject,
} from 'pdf-lib';

function streamBytes(s: PDFRawStream): Buffer {
  const filter = s.dict.get(PDFName.of('Filter'));
  const raw = Buffer.from(s.contents);
  return filter && filter.toString() === '/FlateDecode' ? inflateSync(raw) : raw;
}

/** ToUnicode CMap: glyph code (hex) → text. */
function parseCMap(text: string): Map<string, string> {
  const map = new Map<string, string>();
  const utf16 = (hex: string) => Buffer.from(hex.replace(/\s+/g, ''), 'hex').swap16().toString('utf16le');
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F ]+)>/g)) {
      map.set(m[1].toLowerCase(), utf16(m[2]));
    }
  }
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1].matchAll(
      /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F ]+>)/g,
    )) {
      const lo = parseInt(m[1], 16);
      const hi = parseInt(m[2], 16);
      const width = m[1].length;
      if (m[3].startsWith('[')) {
        const items = [...m[3].matchAll(/<([0-9a-fA-F ]+)>/g)].map((x) => x[1]);
        items.forEach((u, i) => map.set((lo + i).toString(16).padStart(width, '0'), utf16(u)));
      } else {
        const base = parseInt(m[3].slice(1, -1), 16);
        for (let c = lo; c <= hi; c++) {
          map.set(c.toString(16).padStart(width, '0'), String.fromCharCode(base + c - lo));
        }
      }
    }
  }
  return map;
}

export interface PdfReport {
  /** Text in reading order, one line per text-showing operator run. */
  text: string;
  lang?: string;
  marked: boolean;
  displayDocTitle: boolean;
  title?: string;
  xmp: string;
  /** Structure element types, depth first (Document, H1, Sect, H2, P, L, LI, …). */
  structure: string[];
  fonts: { name: string; embedded: boolean }[];
  /** Font sizes used by text-showing operators. */
  fontSizes: number[];
  version: string;
}

async function load(pdf: Uint8Array) {
  return PDFDocument.load(pdf, { updateMetadata: false });
}

function lookup(doc: PDFDocument, o: PDFObject | undefined): PDFObject | undefined {
  return o instanceof PDFRef ? doc.context.lookup(o) : o;
}

function str(o: PDFObject | undefined): string | undefined {
  if (o instanceof PDFString || o instanceof PDFHexString) return o.decodeText();
  return undefined;
}

export async function readPdf(pdf: Uint8Array): Promise<PdfReport> {
  const doc = await load(pdf);
  const catalog = doc.catalog;
  const get = (d: PDFDict | undefined, k: string) => (d ? lookup(doc, d.get(PDFName.of(k))) : undefined);
  const markInfo = get(catalog, 'MarkInfo') as PDFDict | undefined;
  const viewer = get(catalog, 'ViewerPreferences') as PDFDict | undefined;
  const metadata = get(catalog, 'Metadata') as PDFRawStream | undefined;
  const info = lookup(doc, doc.context.trailerInfo.Info) as PDFDict | undefined;

  const structure: string[] = [];
  const walk = (o: PDFObject | undefined) => {
    const node = lookup(doc, o);
    if (node instanceof PDFArray) node.asArray().forEach(walk);
    else if (node instanceof PDFDict) {
      const s = node.get(PDFName.of('S'));
      if (s instanceof PDFName) structure.push(s.decodeText());
      walk(node.get(PDFName.of('K')));
    }
  };
  const treeRoot = get(catalog, 'StructTreeRoot') as PDFDict | undefined;
  if (treeRoot) walk(treeRoot.get(PDFName.of('K')));

  const fonts = new Map<string, { name: string; embedded: boolean }>();
  const lines: string[] = [];
  const sizes = new Set<number>();
  for (const page of doc.getPages()) {
    const resources = page.node.Resources();
    const fontDict = resources
      ? (lookup(doc, resources.get(PDFName.of('Font'))) as PDFDict | undefined)
      : undefined;
    const cmaps = new Map<string, Map<string, string>>();
    for (const [key, ref] of fontDict?.entries() ?? []) {
      const font = lookup(doc, ref) as PDFDict;
      const base = (font.get(PDFName.of('BaseFont')) as PDFName | undefined)?.decodeText() ?? '?';
      const descendants = lookup(doc, font.get(PDFName.of('DescendantFonts'))) as PDFArray | undefined;
      const cid = descendants ? (lookup(doc, descendants.get(0)) as PDFDict) : font;
      const descriptor = lookup(doc, cid.get(PDFName.of('FontDescriptor'))) as PDFDict | undefined;
      const embedded =
        !!descriptor && ['FontFile', 'FontFile2', 'FontFile3'].some((k) => descriptor.has(PDFName.of(k)));
      fonts.set(base, { name: base, embedded });
      const tu = lookup(doc, font.get(PDFName.of('ToUnicode'))) as PDFRawStream | undefined;
      cmaps.set(key.decodeText(), tu ? parseCMap(streamBytes(tu).toString('latin1')) : new Map());
    }
    const contents = lookup(doc, page.node.get(PDFName.of('Contents')));
    const streams = contents instanceof PDFArray ? contents.asArray().map((r) => lookup(doc, r)) : [contents];
    for (const s of streams) {
      if (!(s instanceof PDFRawStream)) continue;
      const ops = streamBytes(s).toString('latin1');
      let cmap = new Map<string, string>();
      const decode = (hex: string) => {
        const width = [...cmap.keys()][0]?.length ?? 4;
        let out = '';
        for (let i = 0; i < hex.length; i += width)
          out += cmap.get(hex.slice(i, i + width).toLowerCase()) ?? '?';
        return out;
      };
      for (const m of ops.matchAll(
        /\/(\S+)\s+([\d.]+)\s+Tf|\[((?:<[0-9a-fA-F]*>|[^\]])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g,
      )) {
        if (m[1]) {
          cmap = cmaps.get(m[1]) ?? new Map();
          sizes.add(Number(m[2]));
        } else if (m[3] !== undefined) {
          lines.push([...m[3].matchAll(/<([0-9a-fA-F]*)>/g)].map((x) => decode(x[1])).join(''));
        } else if (m[4] !== undefined) {
          lines.push(decode(m[4]));
        }
      }
    }
  }
  return {
    text: lines.join('\n'),
    lang: str(get(catalog, 'Lang')),
    marked: get(markInfo, 'Marked')?.toString() === 'true',
    displayDocTitle: get(viewer, 'DisplayDocTitle')?.toString() === 'true',
    title: str(get(info, 'Title')),
    xmp: metadata ? streamBytes(metadata).toString('utf8') : '',
    structure,
    fonts: [...fonts.values()],
    fontSizes: [...sizes].sort((a, b) => a - b),
    version: Buffer.from(pdf.subarray(0, 8)).toString('latin1'),
  };
}

/** The text a person reads, with no-break spaces as ordinary spaces. */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  return (await readPdf(pdf)).text.replace(/\u00a0/g, ' ');
}

export function isPdf(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-';
}
