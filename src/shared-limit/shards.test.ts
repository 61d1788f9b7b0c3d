import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRedisServer, startRedis, type RedisServer } from '../cache/stores/__fixtures__/redis-server.js';
import { startMockServer } from '../mock/index.js';
import { runShards } from './__fixtures__/shards.js';

const bin = findRedisServer();

/**
 * Issue 18, end to end on the built CLI: 3 shards with --shared-limit on one redis-server, against an endpoint that
 * takes 10 at once, each shard allowed 50 (the shared budget). Small: 60 samples, 50 ms per request.
 */
describe.skipIf(!bin && !process.env.CI)('label --shard K/3 --shared-limit (3 processes, one redis-server)', () => {
  let redis: RedisServer;
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shared-limit-shards-'));
    redis = await startRedis({ bin: bin ?? 'redis-server' });
  });
  afterAll(async () => {
    await redis?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('together stay at the endpoint capacity with few 429s, and merge to the single-process ids', async () => {
    const mock = await startMockServer({ latencyMs: 50, confidence: 0.95, maxConcurrent: 10, retryAfter: { ms: 100 } });
    const single = await startMockServer({ latencyMs: 50, confidence: 0.95 });
    try {
      const r = await runShards({ dir, samples: 60, shards: 3, mock, single, redisUrl: redis.url, concurrency: 50 });
      for (const run of [...r.shardRuns, r.merge, r.singleRun]) expect(run.stderr).not.toMatch(/error/i), expect(run.code).toBe(0);
      const refused = mock.stats.byStatus['429'] ?? 0;
      // Over the cap only while a refused request's 429 is on its way: moments, not a share of the run.
      expect(mock.stats.overCapMs).toBeLessThan(0.05 * r.wallMs);
      expect(refused / mock.stats.requests).toBeLessThanOrEqual(0.1);
      expect(mock.stats.byStatus['200']).toBe(120); // two calls per sample, none lost, none repeated
      expect(new Set(r.mergedIds).size).toBe(r.mergedIds.length);
      expect([...r.mergedIds].sort()).toEqual([...r.singleIds].sort());
      expect(r.singleIds).toHaveLength(60);
    } finally {
      await Promise.all([mock.close(), single.close()]);
    }
  }, 120_000);
});
