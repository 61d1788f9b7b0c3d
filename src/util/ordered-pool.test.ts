import { describe, expect, it } from 'vitest';
import { createLimiter, orderedMap } from './ordered-pool.js';

async function* range(n: number, pulled?: number[]): AsyncGenerator<number> {
  for (let i = 0; i < n; i++) {
    pulled?.push(i);
    yield i;
  }
}
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('orderedMap', () => {
  it('yields results in input order whatever the completion order, with at most `concurrency` running', async () => {
    let active = 0;
    let peak = 0;
    const out: number[] = [];
    const fn = async (i: number): Promise<number> => {
      active++;
      peak = Math.max(peak, active);
      await sleep((7 * i) % 5);
      active--;
      return i * 10;
    };
    for await (const r of orderedMap(range(30), fn, { concurrency: 4 })) out.push(r);
    expect(out).toEqual(Array.from({ length: 30 }, (_, i) => i * 10));
    expect(peak).toBe(4);
  });
  it('pulls from the source only as the window frees up', async () => {
    const pulled: number[] = [];
    const gen = orderedMap(range(100, pulled), async (i) => i, { concurrency: 2, window: 3 });
    await gen.next();
    expect(pulled.length).toBeLessThanOrEqual(4);
    await gen.return(undefined);
  });
  it('surfaces a task error when its turn comes', async () => {
    const run = async (): Promise<number[]> => {
      const out: number[] = [];
      for await (const r of orderedMap(range(5), async (i) => {
        if (i === 2) throw new Error('two');
        return i;
      }, { concurrency: 3 })) out.push(r);
      return out;
    };
    await expect(run()).rejects.toThrow('two');
  });
  it('yields every task started before the source failed, then throws the source error', async () => {
    async function* failing(): AsyncGenerator<number> {
      for (let i = 0; i < 7; i++) yield i;
      throw new Error('truncated input');
    }
    const out: number[] = [];
    const run = async (): Promise<void> => {
      for await (const r of orderedMap(failing(), async (i) => (await sleep(i % 3), i), { concurrency: 3 })) out.push(r);
    };
    await expect(run()).rejects.toThrow('truncated input');
    expect(out).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});

describe('createLimiter', () => {
  it('runs at most n tasks at once', async () => {
    const limit = createLimiter(2);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        limit(async () => {
          active++;
          peak = Math.max(peak, active);
          await sleep(2);
          active--;
        }),
      ),
    );
    expect(peak).toBe(2);
  });
});
