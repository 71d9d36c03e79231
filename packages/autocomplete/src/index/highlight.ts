// `highlight` of the GraphQL contract (a String): the suggestion's text HTML-escaped, with the part that matched
// the typed prefix wrapped in <b>…</b>, so a widget can set it as innerHTML without an injection risk.

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** `text` escaped, with [start, start + length) in <b> tags ("<b>pre</b>fix"). */
export function highlight(text: string, start: number, length: number): string {
  const end = Math.min(text.length, start + length);
  if (length <= 0 || start >= end) return escapeHtml(text);
  return `${escapeHtml(text.slice(0, start))}<b>${escapeHtml(text.slice(start, end))}</b>${escapeHtml(text.slice(end))}`;
}
