// The shape every in-memory registry of the API shares: values loaded lazily by key, a load in progress shared
// by concurrent requests, a failed load not kept, the least recently used key dropped past a bound, and a
// reload that swaps the new value in only once it is ready (requests meanwhile keep the old one).

export class SwappingCache<V> {
  private readonly entries = new Map<string, { current: Promise<V>; settled: V | undefined }>();

  constructor(
    private readonly maxEntries: number,
    private readonly onReloadError: (key: string, error: unknown) => void = () => undefined,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit) {
      // Map order is recency order: a hit moves to the young end, the oldest goes first.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.current;
    }
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    const entry: { current: Promise<V>; settled: V | undefined } = { current: load(), settled: undefined };
    this.entries.set(key, entry);
    entry.current.then(
      (value) => {
        entry.settled = value;
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.current;
  }

  /** Reloads a key that is loaded here (others load fresh on their next request anyway). */
  reload(key: string, load: (old: V | undefined) => Promise<V>): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    const next = entry.current.then(
      (old) => load(old),
      () => load(undefined),
    );
    next.then(
      (value) => {
        if (this.entries.get(key) !== entry) return;
        entry.current = next;
        entry.settled = value;
      },
      (error: unknown) => this.onReloadError(key, error),
    );
  }

  /** Replaces a loaded value at once with `patch(value)` (a key not loaded, or still loading, is left alone). */
  patch(key: string, patch: (value: V) => V): void {
    const entry = this.entries.get(key);
    if (!entry || entry.settled === undefined) return;
    const value = patch(entry.settled);
    entry.settled = value;
    entry.current = Promise.resolve(value);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  deleteWhere(match: (key: string) => boolean): void {
    for (const key of [...this.entries.keys()]) if (match(key)) this.entries.delete(key);
  }

  /** The loaded values (loads still in progress are left out). */
  loaded(): Array<[string, V]> {
    const out: Array<[string, V]> = [];
    for (const [key, entry] of this.entries) if (entry.settled !== undefined) out.push([key, entry.settled]);
    return out;
  }
}
