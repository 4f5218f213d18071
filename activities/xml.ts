/**
 * A very small XML writer: enough to produce Fiks Arkiv messages with every value escaped.
 * Elements with an undefined value or no children are left out, so optional fields simply vanish.
 */
export type XmlNode = { name: string; attrs?: Record<string, string>; children: XmlChild[] };
export type XmlChild = XmlNode | string | undefined | false | null;

export function escapeXml(value: string): string {
  return value.replace(
    /[<>&"']/g,
    (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c]};`,
  );
}

/** `el('tittel', 'Vedtak')`, `el('part', el('partNavn', name), …)`, `el('mappe', {attrs}, …)`. */
export function el(name: string, ...rest: (XmlChild | Record<string, string>)[]): XmlNode | undefined {
  let attrs: Record<string, string> | undefined;
  const children: XmlChild[] = [];
  for (const r of rest) {
    if (r && typeof r === 'object' && !('children' in r)) attrs = r as Record<string, string>;
    else children.push(r as XmlChild);
  }
  const kept = children.filter((c) => c !== undefined && c !== null && c !== false);
  if (kept.length === 0) return undefined;
  return { name, attrs, children: kept };
}

export function render(node: XmlNode, indent = ''): string {
  const attrs = Object.entries(node.attrs ?? {})
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  const kids = node.children.filter((c): c is XmlNode | string => !!c || c === '');
  if (kids.every((c) => typeof c === 'string')) {
    return `${indent}<${node.name}${attrs}>${escapeXml(kids.join(''))}</${node.name}>`;
  }
  const inner = kids
    .map((c) => (typeof c === 'string' ? `${indent}  ${escapeXml(c)}` : render(c, `${indent}  `)))
    .join('\n');
  return `${indent}<${node.name}${attrs}>\n${inner}\n${indent}</${node.name}>`;
}

export function document(root: XmlNode): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${render(root)}\n`;
}

/** Reads the text of the first `<name>` (any prefix) inside the first `<within>`; for receipts. */
export function textIn(xml: string, within: string, name: string): string | undefined {
  const block = new RegExp(`<(?:[\\w.-]+:)?${within}\\b[^>]*>([\\s\\S]*?)</(?:[\\w.-]+:)?${within}>`).exec(
    xml,
  );
  if (!block) return undefined;
  const m = new RegExp(`<(?:[\\w.-]+:)?${name}\\b[^>]*>([^<]*)</(?:[\\w.-]+:)?${name}>`).exec(block[1]);
  return m?.[1].trim();
}
