// Cursor paging state in the URL: `after` is the current page's cursor and `trail` the cursors of the
// pages before it ("" for the first page), so "Previous" is a plain link.

export function pageSize(raw: string | undefined): number {
  const n = Number(raw);
  return [25, 50, 100].includes(n) ? n : 50;
}

export function parseTrail(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  return raw.split('~').slice(-50);
}

export function catalogHref(
  base: string,
  s: { q: string | undefined; size: number; after: string | undefined; trail: readonly string[] },
): string {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  if (s.size !== 50) p.set('size', String(s.size));
  if (s.after) p.set('after', s.after);
  if (s.trail.length > 0) p.set('trail', s.trail.join('~'));
  const qs = p.toString();
  return qs ? `${base}?${qs}` : base;
}
