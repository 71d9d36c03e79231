import { describe, expect, it } from 'vitest';
import { SwappingCache } from './swapping-cache.ts';

const later = <T>(value: T) => {
  let release!: () => void;
  const promise = new Promise<T>((resolve) => (release = () => resolve(value)));
  return { promise, release };
};

describe('SwappingCache', () => {
  it('shares one load between concurrent gets and drops the least recently used past its bound', async () => {
    const cache = new SwappingCache<string>(2);
    let loads = 0;
    const load = (v: string) => () => {
      loads++;
      return Promise.resolve(v);
    };
    const [a, b] = await Promise.all([cache.get('a', load('A')), cache.get('a', load('other'))]);
    expect([a, b, loads]).toEqual(['A', 'A', 1]);
    await cache.get('b', load('B'));
    await cache.get('a', load('A2')); // a is now the most recent
    await cache.get('c', load('C')); // evicts b
    expect(cache.loaded().map(([k]) => k)).toEqual(['a', 'c']);
    expect(await cache.get('b', load('B2'))).toBe('B2');
  });

  it('swaps a reload in only once it is ready, and keeps the old value when it fails', async () => {
    const errors: string[] = [];
    const cache = new SwappingCache<string>(10, (key, e) => errors.push(`${key}: ${String(e)}`));
    await cache.get('k', () => Promise.resolve('old'));
    const next = later('new');
    cache.reload('k', (old) => next.promise.then((v) => `${v} after ${old ?? 'nothing'}`));
    expect(await cache.get('k', () => Promise.resolve('never'))).toBe('old');
    next.release();
    await expect.poll(() => cache.get('k', () => Promise.resolve('never'))).toBe('new after old');
    cache.reload('k', () => Promise.reject(new Error('broken file')));
    await expect.poll(() => errors.length).toBe(1);
    expect(await cache.get('k', () => Promise.resolve('never'))).toBe('new after old');
    expect(errors[0]).toContain('broken file');
    // A key that is not loaded is not loaded by a reload.
    cache.reload('absent', () => Promise.resolve('x'));
    expect(cache.loaded().map(([k]) => k)).toEqual(['k']);
  });

  it('forgets a failed first load, so the next get tries again', async () => {
    const cache = new SwappingCache<string>(10);
    await expect(cache.get('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await expect.poll(() => cache.size).toBe(0);
    expect(await cache.get('k', () => Promise.resolve('up'))).toBe('up');
  });
});
