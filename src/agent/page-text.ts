// The readable text of what a server sent instead of JSON (an HTML error page of a proxy, say), on one line.

const HTML = /<(!doctype|html|head|body|title|h1|p|div|center|pre)\b/i;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Text with its whitespace collapsed; an HTML page becomes the text of its body (its title when the body has none). */
export function pageText(raw: string): string {
  const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();
  if (!HTML.test(raw)) return collapse(raw);
  const strip = (html: string) => collapse(decodeEntities(html.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ').replace(/<!--[\s\S]*?-->/g, ' ').replace(/<[^>]*>/g, ' ')));
  const title = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(raw)?.[1] ?? '';
  const body = strip(raw.replace(/<head\b[\s\S]*?<\/head\s*>/i, ' '));
  return body || strip(title);
}
