import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadGoldSet } from '../../gold/index.js';
import { buildMetrics, readRunFolder, runReportModel, RunLineSchema, RunRecordSchema, type Configuration, type ReadRunOptions, type RunLine } from '../../runner/index.js';
import type { ReportModel } from '../index.js';
import { loadTaxonomy, type Labels } from '../../taxonomy/index.js';
import { loadPromptVersion } from '../../prompts/index.js';
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
  const goldDir = options.hostile ? hostileGold(join(outDir, 'gold')) : packagePath('gold', 'v1');
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
    configs.set(HOSTILE_CONFIG, { model: PAYLOAD_IMG, preds, records });
  }
  const baseline = 'ann1';
  const runConfigs: Record<string, unknown> = {};
  const metricsConfigs: Array<{ config: Configuration; lines: RunLine[] }> = [];
  mkdirSync(join(outDir, 'runs'), { recursive: true });
  let i = 0;
  for (const [name, c] of configs) {
    const n = c.preds.size;
    const prompt = i === 0 ? null : `v${i}`;
    runConfigs[name] = {
      model: c.model, prompt, axes: {}, samples: n, labeled: n, failed: 0, missing: 0, resumed: 0,
      cache: { hits: 0, misses: n, writes: n, hit_rate: 0 }, http_requests: 0, rate_limited: 0,
      tokens: { prompt: 1500 * n * i, completion: 200 * n * i, cached: 0 },
      cost_usd: 0.0004 * n * i, cost_usd_full: 0.0004 * n * i,
      latency_ms: { p50: 900 * i + 5, p95: 2100 * i + 9 }, arbitration_rate: 0.05 * i, unmapped_rate: 0.01 * i, elapsed_ms: 1000,
    };
    const lines = [...c.preds].map(([id, labels]) => RunLineSchema.parse({
      ...c.records.get(id), id, sample_index: 0, config: name, config_hash: 'fixture', labels, confidence: {},
      labeling_monitor: { labeler: 'fixture', model: c.model, taxonomy_version: taxonomy.version, issues: {}, latency_ms: 1 },
    }));
    writeFileSync(join(outDir, 'runs', `${name}.jsonl`), lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
    // Only name, model, prompt and axes of a configuration reach metrics.json; the rest is the runner's business.
    const config = { name, model: c.model, modelRef: c.model, prompt, axes: {}, options: {} } as unknown as Configuration;
    metricsConfigs.push({ config, lines });
    i++;
  }
  const goldInfo = { name: gold.manifest?.name ?? 'v1', version: gold.manifest?.version ?? '0', labels_sha256: gold.manifest?.files['labels.jsonl'] ?? '', path: goldDir, samples: goldLabels.size };
  const experiment = options.hostile ? `hostile ${PAYLOAD_TITLE}` : 'annotators-v1';
  const metrics = buildMetrics({ experiment, taxonomy, gold: goldInfo, goldLabels, configs: metricsConfigs, repeats: 1, baseline, toolVersion: 'fixture' });
  writeFileSync(join(outDir, 'metrics.json'), JSON.stringify(metrics, null, 2));
  // Parsed with the runner's schema so a change there shows up here, not as a confusing report failure.
  const run = RunRecordSchema.parse({
    version: 1, experiment: { name: experiment, file: 'experiments/none.yaml', sha256: '0' }, tool_version: 'fixture', taxonomy_version: taxonomy.version,
    prompts: { v1: { hash: loadPromptVersion('v1').hash }, v2: { hash: loadPromptVersion('v2').hash } }, gold: goldInfo, cache: { mode: 'off', location: null }, status: 'complete',
    started_at: '2026-11-25T10:00:00.000Z', finished_at: '2026-11-25T10:01:05.000Z', elapsed_ms: 65000, endpoints: {}, configs: runConfigs,
  });
  writeFileSync(join(outDir, 'run.json'), JSON.stringify(run, null, 2));
  return outDir;
}

/** A run folder's report model as `report RUN_DIR` builds it (read back -> the runner's report input -> model). */
export function loadRunModel(runDir: string, options: ReadRunOptions & { now?: () => Date } = {}): ReportModel {
  return runReportModel(readRunFolder(runDir, options), { taxonomy: loadTaxonomy(), now: options.now });
}

/** The conversation text of the hostile sample (the first one of gold/v1, in a copy of the set). */
export const HOSTILE_TEXT = `${PAYLOAD_TITLE} and ${PAYLOAD_IMG} "quotes" & ampersands`;

/** A copy of gold/v1 whose first sample's conversation carries the payloads (shown in the explorer's excerpt). */
function hostileGold(dir: string): string {
  cpSync(packagePath('gold', 'v1'), dir, { recursive: true });
  const file = join(dir, 'samples.jsonl');
  const [first, ...rest] = readFileSync(file, 'utf8').split('\n');
  const rec = JSON.parse(first!) as Record<string, unknown>;
  rec.conversations = [{ from: 'human', value: HOSTILE_TEXT }, { from: 'gpt', value: PAYLOAD_IMG }];
  writeFileSync(file, [JSON.stringify(rec), ...rest].join('\n'));
  return dir;
}
