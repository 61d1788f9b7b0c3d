import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveLabeler } from '../labelers/index.js';
import { startMockServer, type MockServer } from '../mock/index.js';
import { preprocess } from '../preprocess/index.js';
import { runLabel } from '../production/label-run.js';
import { loadTaxonomy } from '../taxonomy/index.js';
import { packagePath } from '../util/paths.js';
import { readRunLines } from './runs-file.js';
import { runExperiment } from './run.js';

const GOLD = packagePath('gold', 'v1');
const N = 5;

/**
 * What `run` and `label` must agree on byte for byte. Excluded, because they measure this process rather than the
 * configuration: `labeling_monitor.latency_ms` and each call's `latency_ms`. Everything else (labels, confidence,
 * calls with names, attempts, tokens, cost, cache hits, issues, errors) must be identical.
 */
function comparable(r: { labels: unknown; confidence: unknown; labeling_monitor: unknown }): string {
  const monitor = structuredClone(r.labeling_monitor) as { latency_ms?: number; calls: { latency_ms?: number }[] };
  delete monitor.latency_ms;
  for (const c of monitor.calls) delete c.latency_ms;
  return JSON.stringify({ labels: r.labels, confidence: r.confidence, labeling_monitor: monitor });
}

describe('run and label label alike', { timeout: 180_000 }, () => {
  let mock: MockServer;
  let dir: string;
  beforeAll(async () => {
    // Confidence from 0.5, so some dimensions go to arbitration (on by default in both).
    mock = await startMockServer({ latencyMs: [1, 3], confidence: [0.5, 1] });
    dir = mkdtempSync(join(tmpdir(), 'sft-parity-'));
  });
  afterAll(async () => {
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('produces identical labels, confidence and monitors for the same configuration (defaults included)', async () => {
    const env = { SFT_LABEL_BASE_URL: mock.url, SFT_LABEL_API_KEY: 'test-key-parity-01' };
    const cacheDir = join(dir, 'cache');
    const file = join(dir, 'exp.yaml');
    // No labeling options: both sides take the one schema's defaults.
    writeFileSync(file, `name: parity\ngold: ${GOLD}\nmatrix:\n  models: [deepseek-v3.2]\n  prompts: [v1]\noptions:\n  limit: ${N}\n  concurrency: 4\n`);
    const opts = { experimentFile: file, env, cacheDir, outDir: join(dir, 'out'), cwd: dir };
    await runExperiment(opts);
    // Replayed from the cache, so that both sides see cache hits only.
    const replay = await runExperiment({ ...opts, fresh: true });
    const runLines = readRunLines(replay.paths.runs['deepseek-v3.2__v1'] ?? '');
    expect(runLines).toHaveLength(N);

    const input = join(dir, 'in.jsonl');
    const gold = readFileSync(join(GOLD, 'samples.jsonl'), 'utf8').split('\n').filter(Boolean);
    const ids = new Set(runLines.map((l) => l.id));
    writeFileSync(input, `${gold.filter((l) => ids.has((JSON.parse(l) as { id: string }).id)).join('\n')}\n`);
    const taxonomy = loadTaxonomy();
    // read-only: a request `label` builds differently from `run` (max_tokens, temperature, prompt) misses and fails.
    const resolved = await resolveLabeler({ model: 'deepseek-v3.2', taxonomy, prompt: 'v1', cacheMode: 'read-only', cacheDir, env, cwd: dir });
    const output = join(dir, 'labeled.jsonl');
    try {
      await runLabel({ input, output, labeler: resolved.labeler, model: 'deepseek-v3.2', taxonomy, preprocess, toolVersion: 'test', concurrency: 4 });
    } finally {
      await resolved.close();
    }
    expect(resolved.cacheMisses()).toEqual([]);
    const labeled = readFileSync(output, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; labels: unknown; confidence: unknown; labeling_monitor: unknown });
    expect(labeled).toHaveLength(N);
    const byId = new Map(labeled.map((r) => [r.id, r]));
    for (const line of runLines) {
      const mine = byId.get(line.id);
      expect(mine, line.id).toBeDefined();
      expect(comparable(mine as never), line.id).toBe(comparable(line));
    }
    expect(runLines.some((l) => (l.labeling_monitor.issues.arbitration ?? []).length > 0)).toBe(true);
  });
});
