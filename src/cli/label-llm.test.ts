import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABEL_FIELDS, readRecords, recordId } from '../conversation/index.js';
import { LabelStatsSchema, type LabelStats } from '../records/index.js';
import { LabelingMonitorSchema } from '../labelers/monitor.js';
import { DEFAULT_FAULT_MIX, startMockServer, type FaultKind, type MockServer } from '../mock/index.js';
import { loadTaxonomy, type Labels } from '../taxonomy/index.js';
import { packagePath } from '../util/paths.js';
import { checkLabelSet } from '../validate/index.js';
import { runCli, type CliRun } from './__fixtures__/run-cli.js';

// `sft-label label` with an LLM model, end to end through the BUILT CLI (`npx tsc -p tsconfig.build.json` first;
// `npm test` does it) against the mock OpenAI-compatible server on 127.0.0.1 (src/mock).
const FORMATS = packagePath('src', 'conversation', '__fixtures__', 'formats');
const taxonomy = loadTaxonomy();

/** Short waits, so faults cost little time: per-attempt timeout 2 s (for the hung answers), 3 retries. */
const FAST = ['--max-retries', '3', '--timeout', '2', '--no-progress'];

/** The CLI with ONLY the given environment (plus PATH and HOME): no key or URL of the machine leaks into the test. */
const cli = (args: string[], env: Record<string, string>, cwd: string): Promise<CliRun> => runCli(args, { env, cwd });
const tmp = (): string => mkdtempSync(join(tmpdir(), 'label-llm-'));
const readStats = (p: string): LabelStats => LabelStatsSchema.parse(JSON.parse(readFileSync(p, 'utf8')));
const jsonl = (p: string): Array<Record<string, unknown>> =>
  readFileSync(p, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
const randomKey = (): string => `sk-test-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;

async function inputItems(file: string): Promise<Array<{ ok: boolean; index: number; record?: unknown }>> {
  const out = [];
  for await (const it of readRecords(file)) out.push(it);
  return out;
}
function withoutLabelFields(r: Record<string, unknown>): Record<string, unknown> {
  const rest = { ...r };
  for (const f of LABEL_FIELDS) delete rest[f];
  return rest;
}

/** Every dimension answered, every tag an id of its dimension's pool (near misses mapped, unknown tags left out). */
function expectLabelsInPools(labels: Labels, where: string): void {
  for (const dim of taxonomy.dimensions) {
    const value = labels[dim.id];
    expect(value, `${where}: ${dim.id}`).toBeDefined();
    const ids = new Set(dim.tags.map((t) => t.id));
    for (const tag of Array.isArray(value) ? value : [value]) expect(ids.has(String(tag)), `${where}: ${dim.id} "${String(tag)}"`).toBe(true);
  }
}

/**
 * The contract of a finished run: every readable record is in the output, labeled (tags from the pools) or failed
 * with a reason (labels null, labeling_monitor.error, and the same ids in stats.failures); counts reconcile.
 * `ordered`: output in input order (a first run); after --retry-failed the retried records come last.
 */
async function expectReconciled(input: string, dir: string, name: string, ordered = true): Promise<{ stats: LabelStats; out: Array<Record<string, unknown>> }> {
  const stats = readStats(join(dir, `stats_${name}.json`));
  const items = await inputItems(input);
  const good = items.filter((i) => i.ok);
  const out = jsonl(join(dir, `labeled_${name}.jsonl`));
  const monitor = jsonl(join(dir, `monitor_${name}.jsonl`));
  expect(stats.complete).toBe(true);
  expect(stats.records_in).toBe(items.length);
  expect(stats.records_in).toBe(stats.labeled + stats.failed);
  expect(stats.failed).toBe(stats.input_failed + stats.labeler_failed);
  expect(stats.input_failed).toBe(items.length - good.length);
  expect(out).toHaveLength(good.length);
  // Each output record is its input record unchanged plus the label fields.
  const sourceOf = (rec: Record<string, unknown>): unknown => ('record' in rec && !('id' in rec) ? rec.record : withoutLabelFields(rec));
  const outIds = out.map((rec) => recordId(sourceOf(rec)));
  const inIds = good.map((g) => recordId(g.record));
  if (ordered) expect(outIds).toEqual(inIds);
  else expect([...outIds].sort()).toEqual([...inIds].sort());
  const inputById = new Map(good.map((g) => [recordId(g.record), g.record]));
  // The monitor is a trace: a record labeled again (--retry-failed) gets another line; every record has one.
  if (ordered) expect(monitor).toHaveLength(good.length);
  expect(new Set(monitor.map((l) => String(l.id)))).toEqual(new Set(outIds));
  const failedIds: string[] = [];
  out.forEach((rec, i) => {
    expect(sourceOf(rec), `record ${i}`).toEqual(inputById.get(outIds[i]!));
    const m = LabelingMonitorSchema.parse(rec.labeling_monitor);
    expect(m).toMatchObject({ labeler: 'llm', model: 'deepseek-v3.2' });
    if (rec.labels === null) {
      expect(m.error, `record ${i} failed without a reason`).toMatch(/\S/);
      failedIds.push(outIds[i]!);
    } else {
      expect(m.error).toBeNull();
      expectLabelsInPools(rec.labels as Labels, `record ${i}`);
      // A label set that breaks a structural rule (the mock may answer "none" beside other tags) is kept as the
      // model answered and the breach is recorded as an error-severity violation, never passed off as clean.
      if (checkLabelSet(rec.labels as Labels, taxonomy).length > 0)
        expect(m.issues.violations.some((v) => v.severity === 'error'), `record ${i}`).toBe(true);
    }
  });
  expect(out.filter((r) => r.labels !== null)).toHaveLength(stats.labeled);
  const labelerFailures = stats.failures.filter((f) => f.stage === 'labeler');
  expect(labelerFailures.map((f) => String(f.id)).sort()).toEqual(failedIds.sort());
  for (const f of labelerFailures) expect(f.reason).toMatch(/\S/);
  return { stats, out };
}

// Real fixture files of different shapes: OpenAI messages, ShareGPT (LLaMA-Factory tools, FastChat), Alpaca-like,
// one bare message list, long agent trajectories (cut to the token budget), a missing gpt turn, JSONL with parts.
const FILES = [
  'adp_code_feedback.sample_raw.json',
  'gpteacher_codegen_instruct.subset.json',
  'llamafactory_glaive_toolcall_en_demo.subset.json',
  'llamafactory_reason_tool_use_demo_50.subset.jsonl',
  'xtuner_mllm_sft_text_example_data.code_subset.jsonl',
  'adp_swe-gym_openhands_sampled_trajectories.sample_raw.json',
  'mini-swe-agent_github_issue.traj.json',
  'axolotl_conversation.missingturns.json',
  'fastchat_dummy_conversation.subset.json',
];
// Every fault the mock knows except the endless hang: 429 + Retry-After, 500, 503, reset, 200-headers-then-stall,
// fenced / prose-wrapped / truncated / non-JSON / empty answers, near-miss tag spellings, an nginx HTML 502.
const FAULTS: FaultKind[] = [...DEFAULT_FAULT_MIX, 'headers_then_hang'];

describe('sft-label label --model deepseek-v3.2 through the mock with a 20% fault mix', () => {
  let mock: MockServer;
  const key = randomKey();
  beforeAll(async () => {
    // Retry-After 1 s on 429s; confidence from 0.5 so some dimensions go to arbitration.
    mock = await startMockServer({ faultRate: 0.2, faults: FAULTS, retryAfter: { seconds: 1 }, latencyMs: [2, 20], confidence: [0.5, 1], seed: 11 });
  });
  afterAll(async () => {
    await mock.close();
  });

  it.concurrent.each(FILES)('%s: every sample labeled or failed with a reason, counts reconcile, exit 0', async (file) => {
    const dir = tmp();
    const input = join(FORMATS, file);
    const args = ['label', '--model', 'deepseek-v3.2', '--input', input, '--output', join(dir, 'labeled_x.jsonl'), '--cache', 'off', '--concurrency', '6', ...FAST];
    const r = await cli(args, { SFT_LABEL_BASE_URL: mock.url, SFT_LABEL_API_KEY: key }, dir);
    expect(r.stderr).toMatch(/labeled \d+\/\d+ records/);
    expect(r.code, r.stderr).toBe(0);
    const { stats, out } = await expectReconciled(input, dir, 'x');
    // One unlucky sample may fail for good at a 20% fault rate; a whole file failing would be a bug.
    if (stats.records_in >= 5) expect(stats.labeled).toBeGreaterThan(0);
    // No --prompt-version: the default, v3 (call 2 as a follow-up turn), goes through the mock end to end.
    expect(out.every((rec) => LabelingMonitorSchema.parse(rec.labeling_monitor).prompt_version === 'v3')).toBe(true);
    const calls = out.flatMap((rec) => LabelingMonitorSchema.parse(rec.labeling_monitor).calls);
    expect(calls.length).toBeGreaterThanOrEqual(2 * out.length);
    for (const c of calls) {
      // attempts counts every try; each failed one is listed with its reason.
      expect(c.attempts).toBeGreaterThanOrEqual(1);
      expect(c.attempts - (c.failed_attempts?.length ?? 0)).toBeLessThanOrEqual(1);
      // Retry-After (1 s) is honoured for 429s, not replaced by the backoff.
      for (const f of c.failed_attempts ?? []) if (f.status === 429 && f.delay_ms > 0) expect(f.delay_ms).toBe(1000);
    }
  }, 120_000);
});

describe('sft-label label: the fault mix actually happened', () => {
  it('a separate run sees every fault kind injected and recovers from them', async () => {
    // One bigger file, one run, its own mock: the stats of this server are this run's alone. The first requests get
    // one fault kind each (so every kind happens whatever the random draws), then 20% of the rest at random.
    // Confidence 0.9: no arbitration, so every request is a call 1, call 2 or repair whose outcome is checked.
    const mock = await startMockServer({ faultRate: 0.2, faults: FAULTS, retryAfter: { seconds: 1 }, latencyMs: [2, 10], confidence: 0.9, seed: 4 });
    mock.setScript((_req, ctx) => {
      const fault = FAULTS[ctx.index];
      return fault ? { type: 'fault', fault } : undefined;
    });
    try {
      const dir = tmp();
      const input = join(FORMATS, 'llamafactory_glaive_toolcall_en_demo.subset.json');
      const args = ['label', '--model', 'deepseek-v3.2', '--input', input, '--output', join(dir, 'labeled_y.jsonl'), '--cache', 'off', '--concurrency', '12', ...FAST];
      const r = await cli(args, { SFT_LABEL_BASE_URL: mock.url, SFT_LABEL_API_KEY: randomKey() }, dir);
      expect(r.code, r.stderr).toBe(0);
      const { stats, out } = await expectReconciled(input, dir, 'y');
      const injected = Object.values(mock.stats.faults).reduce((a, b) => a + b, 0);
      expect(injected / mock.stats.requests).toBeGreaterThan(0.1);
      expect(Object.keys(mock.stats.faults).sort()).toEqual([...FAULTS].sort());
      // Most samples survive a 20% fault rate with 3 retries and a repair re-ask.
      expect(stats.labeled / stats.records_in).toBeGreaterThan(0.8);
      const monitors = out.map((rec) => LabelingMonitorSchema.parse(rec.labeling_monitor));
      const retried = monitors.flatMap((m) => m.calls).filter((c) => c.error === null && (c.failed_attempts?.length ?? 0) > 0);
      expect(retried.length).toBeGreaterThan(0); // retries inside calls that then succeeded are in the monitor
      const allCalls = monitors.flatMap((m) => m.calls);
      expect(stats.calls.failed_attempts).toBe(allCalls.reduce((n, c) => n + (c.failed_attempts?.length ?? 0), 0));
      expect(stats.calls.retried).toBe(allCalls.filter((c) => c.attempts > 1).length);
      expect(stats.calls.retried).toBeGreaterThan(0);
      expect(monitors.some((m) => m.calls.some((c) => c.name.startsWith('repair:')))).toBe(true);
      expect(monitors.some((m) => m.issues.mapped.length > 0)).toBe(true); // near-miss spellings mapped
    } finally {
      await mock.close();
    }
  }, 120_000);
});

/** Every file under `root` (recursively), with its text. */
function filesUnder(root: string): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  for (const name of readdirSync(root)) {
    const p = join(root, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push({ path: p, text: readFileSync(p, 'latin1') });
  }
  return out;
}

describe('sft-label label: the API key', () => {
  it('reaches the endpoint in the Authorization header only, and no output, stats, monitor, cache entry or log', async () => {
    const key = randomKey();
    const input = join(FORMATS, 'adp_code_feedback.sample_raw.json');
    const target = 'post a comment to a blog post'; // record 46263: the endpoint rejects it, echoing the key
    const mock = await startMockServer({ faultRate: 0.2, retryAfter: { seconds: 1 }, latencyMs: [2, 10], confidence: [0.5, 1], seed: 9 });
    mock.setScript((req) => {
      if (!req.text.includes(target)) return undefined;
      const auth = String(req.headers.authorization ?? '');
      // Like OpenAI's 401 body, which quotes the key it refused; 401 is never retried.
      return { type: 'error', status: 401, body: { error: { message: `Incorrect API key provided: ${auth.replace(/^Bearer /, '')}`, code: 'invalid_api_key' } } };
    });
    try {
      const dir = tmp();
      const cacheDir = join(dir, 'cache');
      const output = join(dir, 'labeled_k.jsonl');
      const env = { SFT_LABEL_BASE_URL: mock.url, SFT_LABEL_API_KEY: key };
      const base = ['label', '--model', 'deepseek-v3.2', '--input', input, '--output', output, '--cache-dir', cacheDir, '--concurrency', '4', ...FAST];
      const runs: CliRun[] = [await cli(base, env, dir)];
      expect(runs[0]!.code, runs[0]!.stderr).toBe(0);
      const first = await expectReconciled(input, dir, 'k');
      const rejected = first.out.find((r) => r.id === 46263 || r.id === '46263');
      expect(rejected?.labels).toBeNull();
      expect((rejected?.labeling_monitor as { error: string }).error).toMatch(/HTTP 401.*\[redacted\]/);

      // The endpoint accepts the key again: --retry-failed labels only the failed records, from cache where it can.
      mock.setScript(() => ({ type: 'answer' }));
      const before = mock.stats.requests;
      runs.push(await cli([...base, '--retry-failed'], env, dir));
      expect(runs[1]!.code, runs[1]!.stderr).toBe(0);
      const second = await expectReconciled(input, dir, 'k', false);
      expect(second.stats.failed).toBe(0);
      expect(mock.stats.requests - before).toBeLessThan(10 * first.stats.failed + 1);
      expect(readdirSync(cacheDir).length).toBeGreaterThan(0);

      // Nothing written anywhere (outputs, stats, monitor, cache entries) and nothing printed holds the key.
      const written = filesUnder(dir);
      expect(written.some((f) => f.path.startsWith(cacheDir))).toBe(true);
      for (const f of written) expect(f.text.includes(key), `key found in ${f.path}`).toBe(false);
      for (const r of runs) expect(`${r.stdout}\n${r.stderr}`.includes(key)).toBe(false);

      // ...but the mock did receive it, on every request, as the bearer token and nowhere else.
      const chats = mock.stats.seen.filter((s) => s.path.endsWith('/chat/completions'));
      expect(chats.length).toBe(mock.stats.requests);
      for (const s of chats) {
        expect(s.headers.authorization).toBe(`Bearer ${key}`);
        expect(s.body.includes(key)).toBe(false);
        const others = Object.entries(s.headers).filter(([h]) => h !== 'authorization');
        expect(JSON.stringify(others).includes(key)).toBe(false);
      }
    } finally {
      await mock.close();
    }
  }, 120_000);
});

describe('sft-label label: LLM flags reach the pipeline and the client', () => {
  const input = join(FORMATS, 'xtuner_mllm_sft_text_example_data.code_subset.jsonl'); // 7 records
  const run = async (mock: MockServer, extra: string[], name = 'f'): Promise<{ r: CliRun; dir: string; calls: string[][] }> => {
    const dir = tmp();
    const args = ['label', '--model', 'deepseek-v3.2', '--input', input, '--output', join(dir, `labeled_${name}.jsonl`), '--cache', 'off', '--no-progress', ...extra];
    const r = await cli(args, { SFT_LABEL_BASE_URL: mock.url, SFT_LABEL_API_KEY: randomKey() }, dir);
    const calls = r.code === 0 ? jsonl(join(dir, `labeled_${name}.jsonl`)).map((rec) => LabelingMonitorSchema.parse(rec.labeling_monitor).calls.map((c) => c.name)) : [];
    return { r, dir, calls };
  };

  it('--response-format json_schema, --prompt-version v1, --no-arbitration, --concurrency 2', async () => {
    const mock = await startMockServer({ confidence: 0.3, latencyMs: 20, seed: 2 }); // every dimension "unsure"
    try {
      const { r, dir, calls } = await run(mock, ['--response-format', 'json_schema', '--prompt-version', 'v1', '--no-arbitration', '--concurrency', '2']);
      expect(r.code, r.stderr).toBe(0);
      expect(calls.every((names) => names.join() === 'call1,call2')).toBe(true);
      expect(mock.stats.maxInFlight).toBeLessThanOrEqual(2);
      const bodies = mock.stats.seen.filter((s) => s.path.endsWith('/chat/completions')).map((s) => JSON.parse(s.body) as { response_format: { type: string } });
      expect(bodies.every((b) => b.response_format.type === 'json_schema')).toBe(true);
      const monitor = jsonl(join(dir, 'monitor_f.jsonl'));
      expect(monitor.every((m) => m.prompt_version === 'v1')).toBe(true);
    } finally {
      await mock.close();
    }
  }, 60_000);

  it('--concurrency is a ceiling: a server that takes 4 requests at once answers 429s, the limit is cut, nothing is lost', async () => {
    const mock = await startMockServer({ maxConcurrent: 4, latencyMs: 30, retryAfter: { ms: 20 }, confidence: 0.9, seed: 6 });
    try {
      const dir = tmp();
      const gold = packagePath('gold', 'v1', 'samples.jsonl'); // 108 samples, 216 calls
      const args = ['label', '--model', 'deepseek-v3.2', '--input', gold, '--output', join(dir, 'labeled_c.jsonl'), '--cache', 'off', '--no-progress', '--concurrency', '32'];
      const r = await cli(args, { SFT_LABEL_BASE_URL: mock.url, SFT_LABEL_API_KEY: randomKey() }, dir);
      expect(r.code, r.stderr).toBe(0);
      expect(readStats(join(dir, 'stats_c.json'))).toMatchObject({ records_in: 108, labeled: 108, failed: 0 });
      const rejected = mock.stats.byStatus['429'] ?? 0;
      expect(rejected).toBeGreaterThan(0);
      const note = /pushed back (\d+) time\(s\) \((\d+) x 429\) over (\d+) requests; .* stand at (\d+) of --concurrency 32/.exec(r.stderr);
      expect(note, r.stderr).not.toBeNull();
      const [, overloads, limited, requests, limit] = (note ?? []).map(Number);
      expect(limited).toBe(rejected);
      expect(overloads).toBe(rejected);
      expect(requests).toBe(mock.stats.requests);
      expect(limit).toBeLessThan(32);
    } finally {
      await mock.close();
    }
  }, 60_000);

  it('--confidence-threshold decides what is arbitrated', async () => {
    const mock = await startMockServer({ confidence: 0.5, latencyMs: 5, seed: 3 });
    try {
      const low = await run(mock, ['--confidence-threshold', '0.4'], 'low');
      expect(low.r.code, low.r.stderr).toBe(0);
      expect(low.calls.every((names) => names.join() === 'call1,call2')).toBe(true);
      const high = await run(mock, ['--confidence-threshold', '0.6'], 'high');
      expect(high.r.code, high.r.stderr).toBe(0);
      // Both calls' dimensions are below 0.6: each is re-asked 3 times.
      expect(high.calls.every((names) => names.filter((n) => n.startsWith('arbitrate:')).length === 6)).toBe(true);
    } finally {
      await mock.close();
    }
  }, 60_000);

  it('--max-retries 0: a 503 fails its sample at once, with the reason; nothing labeled is exit 1 (issue 19), outputs written', async () => {
    const mock = await startMockServer({ script: () => ({ type: 'error', status: 503 }), seed: 4 });
    try {
      const { r, dir } = await run(mock, ['--max-retries', '0']);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/nothing was labeled: all 7 record\(s\) failed[\s\S]*7 x call1: .*HTTP 503/);
      const stats = readStats(join(dir, 'stats_f.json'));
      expect(stats).toMatchObject({ records_in: 7, labeled: 0, labeler_failed: 7 });
      expect(mock.stats.requests).toBe(7); // one attempt of call 1 per sample
      for (const f of stats.failures) expect(f.reason).toMatch(/call1: .*HTTP 503.*after 1 attempt/);
    } finally {
      await mock.close();
    }
  }, 60_000);

  it('--timeout: a request that never answers is abandoned after the timeout and retried', async () => {
    const mock = await startMockServer({ latencyMs: 5, confidence: 0.9, seed: 5 });
    mock.setScript((_req, ctx) => (ctx.index === 0 ? { type: 'fault', fault: 'hang' } : undefined));
    try {
      const { r, dir } = await run(mock, ['--timeout', '0.5', '--max-retries', '1', '--concurrency', '1']);
      expect(r.code, r.stderr).toBe(0);
      const first = LabelingMonitorSchema.parse(jsonl(join(dir, 'labeled_f.jsonl'))[0]?.labeling_monitor);
      expect(first.error).toBeNull();
      expect(first.calls[0]).toMatchObject({ name: 'call1', attempts: 2 });
      expect(first.calls[0]?.failed_attempts?.[0]).toMatchObject({ kind: 'timeout', message: expect.stringContaining('500 ms') });
    } finally {
      await mock.close();
    }
  }, 60_000);

  it.each([
    ['--response-format', 'yaml', /--response-format yaml: expected json_schema or json_object/],
    ['--timeout', '0', /--timeout 0: expected a number of seconds > 0/],
    ['--max-retries', '-1', /--max-retries -1: expected a whole number >= 0/],
    ['--confidence-threshold', '1.5', /--confidence-threshold 1.5: expected a number from 0 to 1/],
    ['--concurrency', '0', /--concurrency 0: expected a whole number >= 1/],
  ])('%s %s is a usage error (exit 2) before any request', async (flag, value, message) => {
    const dir = tmp();
    const args = ['label', '--model', 'deepseek-v3.2', '--input', input, '--output', join(dir, 'labeled_u.jsonl'), flag, value];
    const r = await cli(args, { SFT_LABEL_BASE_URL: 'http://127.0.0.1:9/v1', SFT_LABEL_API_KEY: randomKey() }, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(readdirSync(dir)).toEqual([]);
  });
});
