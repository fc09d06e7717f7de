/**
 * A small, tolerant reader of saved HTML: enough to find meta tags, links, JSON-LD, <time>
 * elements, microdata and the text of a few elements, without running the page or building a
 * DOM. Captured HTML is hostile input; nothing here executes it.
 */

/** An opening tag found in the HTML. */
export interface HtmlTag {
  name: string;
  attrs: Record<string, string>;
  /** Offset just after the tag's `>`. */
  end: number;
}

/** Hard limit: longer documents are read up to here only. */
export const MAX_HTML_CHARS = 8 * 1024 * 1024;

const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', hellip: '…', mdash: '—', ndash: '–', middot: '·', bull: '•', rsquo: '’', lsquo: '‘', ldquo: '“', rdquo: '”', copy: '©' };

/** Decodes character references (`&amp;`, `&#064;`, `&#x1f680;`, a few named ones). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return named[ref.toLowerCase()] ?? whole;
  });
}

const attrPattern = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

function parseAttrs(source: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const match of source.matchAll(attrPattern)) {
    const name = match[1]!.toLowerCase();
    if (!(name in attrs)) attrs[name] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attrs;
}

/** Raw-text elements whose content is not markup. */
const rawText = new Set(['script', 'style', 'textarea', 'title']);

/** Every opening tag, in document order (comments and raw-text content skipped). */
export function* iterateTags(html: string): Generator<HtmlTag> {
  const limit = Math.min(html.length, MAX_HTML_CHARS);
  // Lower-cased once, when the first raw-text element needs its closing tag found.
  let lower: string | undefined;
  let at = 0;
  while (at < limit) {
    const open = html.indexOf('<', at);
    if (open < 0 || open >= limit) return;
    if (html.startsWith('<!--', open)) {
      const close = html.indexOf('-->', open + 4);
      at = close < 0 ? limit : close + 3;
      continue;
    }
    const match = /^<([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/.exec(html.slice(open, Math.min(open + 64 * 1024, limit)));
    if (!match) {
      at = open + 1;
      continue;
    }
    const tag: HtmlTag = { name: match[1]!.toLowerCase(), attrs: parseAttrs(match[2] ?? ''), end: open + match[0].length };
    yield tag;
    at = tag.end;
    if (rawText.has(tag.name)) {
      const close = (lower ??= html.toLowerCase()).indexOf(`</${tag.name}`, at);
      // Leave `at` at the content so callers can read it with rawContent().
      at = close < 0 ? limit : close;
    }
  }
}

/** The raw content of a raw-text element (script, style, title) that ends at its closing tag. */
export function rawContent(html: string, tag: HtmlTag): string {
  const close = html.toLowerCase().indexOf(`</${tag.name}`, tag.end);
  return html.slice(tag.end, close < 0 ? Math.min(html.length, tag.end + 1024 * 1024) : close);
}

/**
 * Where an element's content ends: the offset of its matching closing tag (same-named elements
 * nested inside counted), or `limit` characters on when it is not found that soon.
 */
export function elementEnd(html: string, tag: HtmlTag, limit = 80_000, lower = html.toLowerCase()): number {
  let depth = 1;
  const openTag = new RegExp(`<${tag.name}[\\s>/]|</${tag.name}\\s*>`, 'g');
  openTag.lastIndex = tag.end;
  const end = Math.min(html.length, tag.end + limit);
  for (let match = openTag.exec(lower); match; match = openTag.exec(lower)) {
    if (match.index > end) break;
    depth += match[0].startsWith('</') ? -1 : 1;
    if (depth === 0) return match.index;
  }
  return end;
}

/** The visible text inside an element: markup stripped, entities decoded, whitespace collapsed. */
export function innerText(html: string, tag: HtmlTag, maxChars = 20_000): string {
  return textOf(html.slice(tag.end, elementEnd(html, tag, maxChars * 4)), maxChars);
}

/** Visible text of an HTML fragment: markup stripped, entities decoded, whitespace collapsed. */
export function textOf(fragment: string, maxChars = 20_000): string {
  const inner = fragment
    .replace(/<(script|style)[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li)>/gi, '\n')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(inner).replace(/[ \t\r\f\u00a0]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim().slice(0, maxChars);
}

/** Whether a tag's class attribute holds a class name. */
export function hasClass(tag: HtmlTag, className: string): boolean {
  return (tag.attrs.class ?? '').split(/\s+/).includes(className);
}

/** The first tag matching a test, or null. */
export function findTag(html: string, test: (tag: HtmlTag) => boolean): HtmlTag | null {
  for (const tag of iterateTags(html)) if (test(tag)) return tag;
  return null;
}
