import { describe, expect, it } from 'vitest';
import { catalogHref, pageSize, parseTrail } from './paging.ts';

describe('catalog paging in the URL', () => {
  it('walks forward and back through cursors', () => {
    const base = '/shops/s/catalog';
    const page2 = catalogHref(base, { q: 'mug', size: 50, after: 'c1', trail: [''] });
    expect(page2).toBe('/shops/s/catalog?q=mug&after=c1&trail=');
    const sp2 = new URL(page2, 'http://x').searchParams;
    const trail2 = parseTrail(sp2.get('trail') ?? undefined);
    expect(trail2).toEqual(['']);
    const page3 = catalogHref(base, { q: 'mug', size: 50, after: 'c2', trail: [...trail2, sp2.get('after') ?? ''] });
    expect(page3).toBe('/shops/s/catalog?q=mug&after=c2&trail=%7Ec1');
    const trail3 = parseTrail(new URL(page3, 'http://x').searchParams.get('trail') ?? undefined);
    expect(trail3).toEqual(['', 'c1']);
    // Previous from page 3 is page 2; previous from page 2 is page 1 without any cursor.
    expect(catalogHref(base, { q: 'mug', size: 50, after: trail3.at(-1), trail: trail3.slice(0, -1) })).toBe(page2);
    expect(catalogHref(base, { q: 'mug', size: 50, after: trail2.at(-1), trail: trail2.slice(0, -1) })).toBe(
      '/shops/s/catalog?q=mug',
    );
  });

  it('accepts only the offered page sizes', () => {
    expect(pageSize('25')).toBe(25);
    expect(pageSize('1000')).toBe(50);
    expect(pageSize(undefined)).toBe(50);
  });
});
