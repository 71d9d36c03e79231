import { describe, expect, it } from 'vitest';
import { highlight } from './highlight.ts';

describe('highlight', () => {
  it('wraps the matched span in <b> at its offset', () => {
    expect(highlight('white heart', 6, 3)).toBe('white <b>hea</b>rt');
    expect(highlight('heart', 0, 5)).toBe('<b>heart</b>');
  });

  it('escapes HTML in and around the match', () => {
    expect(highlight('a<b> & "c"', 0, 3)).toBe('<b>a&lt;b</b>&gt; &amp; &quot;c&quot;');
  });

  it('clips a span running past the end and leaves an empty span unmarked', () => {
    expect(highlight('cat', 1, 10)).toBe('c<b>at</b>');
    expect(highlight('cat', 0, 0)).toBe('cat');
  });
});
