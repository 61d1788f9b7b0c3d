import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualityScript, readGoldForQuality, startMockServer, type MockServer } from '../mock/index.js';
import { loadTaxonomy } from '../taxonomy/index.js';
import { packagePath } from '../util/paths.js';
import { MetricsFileSchema } from './results.js';
import { readRunLines } from './runs-file.js';
import { runExperiment } from './run.js';

// Issue 16, "Done when": two mock models of known quality (each dimension agrees with gold with probability 0.88
// and 0.95) with informative confidences; the cascade chosen on gold reaches the strong model's headline within its
// CI while sending at most 60% of the calls to it. With flat random confidences no saving is proposed.
const GOLD = packagePath('gold', 'v1');
const PRICES = (input: number, output: number) => `{ input: ${input}, cached_input: ${input / 10}, output: ${output}, as_of: "2026-12", source: "test" }`;

function experiment(dir: string, url: string, name: string): string {
  const model = (id: string, p: string) => `    - { id: ${id}, tier: light, provider: mock, model: ${id}, response_format: json_schema, base_url: ${url}, prices: ${p} }\n`;
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `name: ${name}\ngold: ${GOLD}\nmatrix:\n  models:\n${model('mock-weak', PRICES(0.3, 1.2))}${model('mock-strong', PRICES(3, 15))}` +
      `  prompts: [v3]\n  cascades: [[mock-weak, mock-strong]]\noptions:\n  concurrency: 8\n  arbitration: false\n`,
  );
  return file;
}

describe('cascades in run', { timeout: 240_000 }, () => {
  let mock: MockServer;
  let dir: string;
  const taxonomy = loadTaxonomy();
  const gold = readGoldForQuality(GOLD);
  const script = (confidence: 'informative' | 'flat') =>
    qualityScript({ ...gold, dimensions: taxonomy.dimensions, models: { 'mock-weak': { agreement: 0.88, confidence }, 'mock-strong': { agreement: 0.95, confidence } } });

  beforeAll(async () => {
    mock = await startMockServer({ script: script('informative') });
    dir = mkdtempSync(join(tmpdir(), 'sft-cascade-'));
  });
  afterAll(async () => {
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('scores a cascade from the two configurations without new requests: strong quality, <= 60% of calls escalated', async () => {
    const env = { SFT_LABEL_API_KEY: 'k' };
    const out = join(dir, 'out');
    const r = await runExperiment({ experimentFile: experiment(dir, mock.url, 'casc'), env, cacheDir: join(dir, 'cache'), outDir: out, cwd: dir });
    const requests = mock.stats.requests;
    expect(requests).toBe(108 * 2 * 2); // the two models only: the cascade made none
    const metrics = MetricsFileSchema.parse(JSON.parse(readFileSync(r.paths.metrics, 'utf8')));
    const weak = metrics.configs['mock-weak__v3']!;
    const strong = metrics.configs['mock-strong__v3']!;
    const casc = metrics.configs['mock-weak__then__mock-strong__v3']!;
    expect(casc.model).toBe('mock-weak -> mock-strong');
    expect(casc.cascade?.saving).toBe(true);
    expect(casc.cascade!.escalation_share!).toBeLessThanOrEqual(0.6);
    expect(casc.cascade!.escalation_share!).toBeGreaterThan(0);
    // Within the strong model's CI (or above it), and clearly above the weak model.
    expect(casc.score.overall!).toBeGreaterThanOrEqual(strong.score.overall_ci95![0]);
    expect(casc.score.overall!).toBeGreaterThan(weak.score.overall!);
    const c = casc.cascade!;
    expect(c.cost_per_sample_usd!).toBeLessThan(c.then_cost_per_sample_usd!);
    expect(c.cost_per_sample_usd!).toBeGreaterThan(c.first_cost_per_sample_usd!);
    // run.json carries its cost, so the report puts it on the cost/quality chart.
    expect(r.run.configs['mock-weak__then__mock-strong__v3']?.cost_usd_full).toBeCloseTo(c.cost_per_sample_usd! * 108, 9);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    // On the cost/quality chart: a dot whose tooltip names it with its cost per sample.
    expect(html).toMatch(/mock-weak__then__mock-strong__v3: \S+ per sample, overall/);
    const lines = readRunLines(join(out, 'runs', 'mock-weak__then__mock-strong__v3.jsonl'));
    expect(lines).toHaveLength(108);
    const escalated = lines.filter((l) => l.labeling_monitor.issues.escalations?.length);
    expect(escalated.length).toBeGreaterThan(0);
    const e = escalated[0]!.labeling_monitor.issues.escalations![0]!;
    expect(e).toMatchObject({ from: 'mock-weak', to: 'mock-strong', answered: true });
    expect(escalated[0]!.labeling_monitor.calls.some((x) => x.model === 'mock-strong' && x.name === e.call)).toBe(true);
    console.log(
      `weak ${weak.score.overall?.toFixed(3)} strong ${strong.score.overall?.toFixed(3)} ${JSON.stringify(strong.score.overall_ci95)} cascade ${casc.score.overall?.toFixed(3)}; ` +
        `escalated ${(100 * c.escalation_share!).toFixed(1)}%; $/sample ${c.first_cost_per_sample_usd} / ${c.then_cost_per_sample_usd} / ${c.cost_per_sample_usd}`,
    );
  });

  it('flat random confidences: no saving proposed', async () => {
    mock.setScript(script('flat'));
    const r = await runExperiment({ experimentFile: experiment(dir, mock.url, 'flat'), env: { SFT_LABEL_API_KEY: 'k' }, cacheMode: 'off', outDir: join(dir, 'flat'), cwd: dir });
    const casc = r.metrics!.configs['mock-weak__then__mock-strong__v3']!;
    expect(casc.cascade?.saving).toBe(false);
    expect(casc.cascade?.verdict).toMatch(/uninformative.*no cascade saving proposed/);
  });
});
