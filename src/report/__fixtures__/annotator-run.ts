import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadGoldSet } from '../../gold/index.js';
import { comparePaired, scoreLabels } from '../../score/index.js';
import { loadTaxonomy, type Labels } from '../../taxonomy/index.js';
import { packagePath } from '../../util/paths.js';

/**
 * A run folder in the runner's layout (metrics.json, run.json, runs/<config>.jsonl) assembled from gold/v1 without
 * any labeler: the two independent annotation passes play two configurations (ann1 is the baseline), so every
 * number in it is a real score over the real gold set. With `hostile`, a third configuration carries script
 * payloads in its name, model, a tag and the conversation text of one sample, for the escaping tests.
 */
export const PAYLOAD_TITLE = "<script>document.title='pwned'</script>";
export const PAYLOAD_IMG = '<img src=x onerror=window.__pwned=1>';
export const HOSTILE_CONFIG = '<svg onload=window.__pwned=2>';

export function writeAnnotatorRun(outDir: string, options: { hostile?: boolean } = {}): string {
  const taxonomy = loadTaxonomy();
  const goldDir = packagePath('gold', 'v1');
  const gold = loadGoldSet(goldDir);
  const goldLabels = new Map(gold.labels.map((r) => [r.value.id, r.value.labels]));
  const samples = new Map(gold.samples.map((r) => [r.value.id, r.value as Record<string, unknown>]));
  const configs = new Map<string, { model: string; preds: Map<string, Labels | null>; records: Map<string, Record<string, unknown>> }>();
  for (const [who, rows] of Object.entries(gold.annotations)) {
    configs.set(who, { model: `annotator-${who}`, preds: new Map(rows.map((r) => [r.value.id, r.value.labels])), records: samples });
  }
  if (options.hostile) {
    const base = configs.get('ann2')!;
    const preds = new Map(base.preds);
    const records = new Map(samples);
    const [firstId] = [...preds.keys()].sort();
    const hostileLabels = { ...preds.get(firstId!)!, intent: PAYLOAD_IMG, concept: [PAYLOAD_TITLE] };
    preds.set(firstId!, hostileLabels);
    records.set(firstId!, { id: firstId, conversations: [{ from: 'human', value: `${PAYLOAD_TITLE} and ${PAYLOAD_IMG} "quotes" & ampersands` }, { from: 'gpt', value: PAYLOAD_IMG }] });
    configs.set(HOSTILE_CONFIG, { model: PAYLOAD_IMG, preds, records });
  }
  const baseline = 'ann1';
  const basePreds = configs.get(baseline)!.preds;
  const metricsConfigs: Record<string, unknown> = {};
  const runConfigs: Record<string, unknown> = {};
  mkdirSync(join(outDir, 'runs'), { recursive: true });
  let i = 0;
  for (const [name, c] of configs) {
    const score = scoreLabels({ gold: goldLabels, pred: c.preds, taxonomy, bootstrap: 200 });
    metricsConfigs[name] = {
      model: c.model, prompt: i === 0 ? null : `v${i}`, axes: {}, score, repeats: [score.overall],
      vs_baseline: name === baseline ? null : comparePaired({ gold: goldLabels, a: basePreds, b: c.preds, taxonomy, bootstrap: 200 }),
    };
    const n = c.preds.size;
    runConfigs[name] = {
      model: c.model, prompt: null, axes: {}, samples: n, labeled: n, failed: 0, missing: 0, resumed: 0,
      cache: { hits: 0, misses: n, writes: n, hit_rate: 0 }, http_requests: 0, rate_limited: 0,
      tokens: { prompt: 1500 * n * i, completion: 200 * n * i, cached: 0 },
      cost_usd: 0.0004 * n * i, cost_usd_full: 0.0004 * n * i,
      latency_ms: { p50: 900 * i + 5, p95: 2100 * i + 9 }, arbitration_rate: 0.05 * i, unmapped_rate: 0.01 * i, elapsed_ms: 1000,
    };
    const lines = [...c.preds].map(([id, labels]) => JSON.stringify({
      ...c.records.get(id), id, sample_index: 0, config: name, config_hash: 'fixture', labels, confidence: {},
      labeling_monitor: { labeler: 'fixture', model: c.model, taxonomy_version: taxonomy.version, issues: {}, latency_ms: 1 },
    }));
    writeFileSync(join(outDir, 'runs', `${name}.jsonl`), `${lines.join('\n')}\n`);
    i++;
  }
  const goldInfo = { name: gold.manifest?.name ?? 'v1', version: gold.manifest?.version ?? '0', labels_sha256: gold.manifest?.files['labels.jsonl'] ?? '', path: goldDir, samples: goldLabels.size };
  const experiment = options.hostile ? `hostile ${PAYLOAD_TITLE}` : 'annotators-v1';
  writeFileSync(join(outDir, 'metrics.json'), JSON.stringify({ version: 1, experiment, taxonomy_version: taxonomy.version, gold: goldInfo, baseline_config: baseline, configs: metricsConfigs }, null, 2));
  writeFileSync(join(outDir, 'run.json'), JSON.stringify({
    version: 1, experiment: { name: experiment, file: 'experiments/none.yaml', sha256: '0' }, tool_version: 'fixture', taxonomy_version: taxonomy.version,
    prompts: { v1: { hash: 'fixture-v1' }, v2: { hash: 'fixture-v2' } }, gold: goldInfo, cache: { mode: 'off', location: null }, status: 'complete',
    started_at: '2026-11-25T10:00:00.000Z', finished_at: '2026-11-25T10:01:05.000Z', elapsed_ms: 65000, endpoints: {}, configs: runConfigs,
  }, null, 2));
  return outDir;
}
