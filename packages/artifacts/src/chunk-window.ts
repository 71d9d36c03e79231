// A few chunk statements in flight at once (on a pool they run on different connections), consumed in order.

/**
 * Yields fetch(0) … fetch(count - 1) in order while keeping up to `window` of them running ahead. Stopping
 * early (a consumer that throws) leaves at most `window - 1` fetches to finish unobserved, never unhandled.
 */
export async function* inOrder<T>(
  count: number,
  window: number,
  fetch: (index: number) => Promise<T>,
): AsyncGenerator<T, void, undefined> {
  const pending: Promise<T>[] = [];
  let next = 0;
  const start = () => {
    const promise = fetch(next++);
    // Observed later by the await below; this only stops a rejection that arrives early from being "unhandled".
    promise.catch(() => undefined);
    pending.push(promise);
  };
  while (next < count && pending.length < window) start();
  for (let promise = pending.shift(); promise !== undefined; promise = pending.shift()) {
    const value = await promise;
    if (next < count) start();
    yield value;
  }
}

/** Runs task(0) … task(count - 1) with up to `window` at once; rejects with the first failure once all settled. */
export async function allLimited(count: number, window: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < count) {
      const index = next++;
      try {
        await task(index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(window, count) }, worker));
  if (failure !== undefined) throw failure.error;
}
