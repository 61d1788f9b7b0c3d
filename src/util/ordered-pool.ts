/**
 * Run `fn` on up to `concurrency` items at once and yield the results in input order. A bounded window of
 * started tasks (`window`, default 4 x concurrency) lets fast items run ahead of a slow one without holding more
 * than `window` results in memory; the source is pulled only as the window frees up (back-pressure). When the
 * source throws, the tasks it started are still yielded, then the error is thrown.
 */
export interface OrderedPoolOptions {
  concurrency: number;
  /** Started-but-unwritten tasks at most. Default max(concurrency, 4 x concurrency). */
  window?: number;
}

export async function* orderedMap<T, R>(
  source: AsyncIterable<T>,
  fn: (item: T) => Promise<R>,
  options: OrderedPoolOptions,
): AsyncGenerator<R> {
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const window = Math.max(concurrency, options.window ?? 4 * concurrency);
  const limiter = createLimiter(concurrency);
  const queue: Array<Promise<R>> = [];
  const it = source[Symbol.asyncIterator]();
  let exhausted = false;
  // A source that fails (a truncated input file) ends the pool only after the tasks already started are yielded:
  // every item read before the failure is processed and written, then the failure is thrown.
  let failure: { error: unknown } | null = null;
  try {
    for (;;) {
      while (!exhausted && queue.length < window) {
        let next: IteratorResult<T>;
        try {
          next = await it.next();
        } catch (error) {
          failure = { error };
          exhausted = true;
          break;
        }
        if (next.done) {
          exhausted = true;
          break;
        }
        const p = limiter(() => fn(next.value));
        // Errors surface when this task reaches the head; avoid an unhandled rejection before that.
        p.catch(() => undefined);
        queue.push(p);
      }
      const head = queue.shift();
      if (head === undefined) {
        if (failure) throw failure.error;
        return;
      }
      yield await head;
    }
  } finally {
    if (!exhausted) await it.return?.(undefined);
  }
}

/** A minimal semaphore: at most `n` of the wrapped functions run at once. */
export function createLimiter(n: number): <R>(task: () => Promise<R>) => Promise<R> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <R>(task: () => Promise<R>): Promise<R> => {
    if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
