import { describe, expect, it } from 'vitest';
import { normalizePrefix, normalizeQuery, wordStarts, words } from './normalize.ts';

describe('normalizeQuery', () => {
  it('applies NFKC, lower case and collapses whitespace', () => {
    expect(normalizeQuery('  ＲＥＤ\t\tＲｅｔｒｏ\nSpot  ')).toBe('red retro spot');
    expect(normalizeQuery('ﬁne Café')).toBe('fine café');
    // Decomposed é (e + combining acute) composes to the same text as the precomposed one.
    expect(normalizeQuery('Cafe\u0301')).toBe(normalizeQuery('Caf\u00e9'));
  });

  it('keeps one trailing space of a typed prefix, so a finished word does not match a longer one', () => {
    expect(normalizePrefix('  Red   ')).toBe('red ');
    expect(normalizePrefix('Red')).toBe('red');
  });
});

describe('wordStarts', () => {
  it('starts a word at a letter or digit after anything else', () => {
    expect(wordStarts('t-light holder')).toEqual([0, 2, 8]);
    expect(wordStarts('set/6 (blue)')).toEqual([0, 4, 7]);
    expect(words('set/6 (blue)')).toEqual(['set', '6', 'blue']);
  });
});
