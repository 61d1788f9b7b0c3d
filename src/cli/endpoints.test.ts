import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LabelingMonitorSchema, type CallRecord } from '../labelers/monitor.js';
import { startMockServer, type MockServer, type PersonaName } from '../mock/index.js';
import { LabelStatsSchema } from '../records/index.js';
import { packagePath } from '../util/paths.js';
import { runCli, type CliRun } from './__fixtures__/run-cli.js';

// Issue 14: the bundled models.yaml against mock personas that enforce each provider's documented contract
// (src/mock/personas.ts, docs/ENDPOINTS.md), through the BUILT CLI. Every sample must be labeled with zero requests
// refused. Run `npm run build` first.
const INPUT = packagePath('src', 'conversation', '__fixtures__', 'formats', 'adp_code_feedback.sample_raw.json');
const FAST = ['--max-retries', '3', '--timeout', '5', '--no-progress', '--cache', 'off', '--concurrency', '4'];
const tmp = (): string => mkdtempSync(join(tmpdir(), 'endpoints-'));

let mock: MockServer | null = null;
afterEach(async () => {
  await mock?.close();
  mock = null;
});

async function labelWith(persona: PersonaName, model: string, env: (url: string) => Record<string, string>, extra: string[] = []) {
  mock = await startMockServer({ persona, confidence: [0.8, 1], seed: 3 });
  const dir = tmp();
  const out = join(dir, 'labeled_x.jsonl');
  const r: CliRun = await runCli(['label', '--model', model, '--input', INPUT, '--output', out, ...FAST, ...extra], { env: env(mock.url), cwd: dir });
  const stats = LabelStatsSchema.parse(JSON.parse(readFileSync(join(dir, 'stats_x.json'), 'utf8')));
  const records = readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  const calls: CallRecord[] = records.flatMap((rec) => LabelingMonitorSchema.parse(rec.labeling_monitor).calls);
  const bodies = mock.stats.seen.filter((s) => s.path.endsWith('/chat/completions')).map((s) => JSON.parse(s.body) as Record<string, unknown>);
  return { r, stats, calls, bodies, byStatus: { ...mock.stats.byStatus } };
}
const direct = (url: string): Record<string, string> => ({ SFT_LABEL_BASE_URL: url, SFT_LABEL_API_KEY: 'sk-test-direct' });
const refusals = (byStatus: Record<string, number>): number => Object.entries(byStatus).filter(([s]) => /^4/.test(s) && s !== '429').reduce((n, [, c]) => n + c, 0);

describe('the bundled registry against provider personas (built CLI)', () => {
  it('deepseek: deepseek-v4-flash is sent as deepseek-flash, json_object, thinking off: all labeled, no reasoning tokens', async () => {
    const { r, stats, calls, bodies, byStatus } = await labelWith('deepseek', 'deepseek-v4-flash', direct);
    expect(r.code, r.stderr).toBe(0);
    expect(stats.labeled).toBe(stats.records_in);
    expect(refusals(byStatus)).toBe(0);
    expect(bodies.every((b) => b.model === 'deepseek-flash' && (b.thinking as { type?: string })?.type === 'disabled')).toBe(true);
    expect(calls.every((c) => (c.reasoning_tokens ?? 0) === 0 && c.served_model === 'deepseek-flash')).toBe(true);
  });

  it('deepseek: the retired deepseek-chat is refused and each failed call records status, provider message, not retryable', async () => {
    const { r, stats, calls, byStatus } = await labelWith('deepseek', 'deepseek-chat', direct);
    expect(r.code, r.stderr).not.toBe(2);
    expect(stats.labeled).toBe(0);
    expect(byStatus['400']).toBeGreaterThan(0);
    expect(calls.length).toBeGreaterThan(0);
    for (const c of calls) expect(c.failure).toEqual({ kind: 'http', status: 400, provider_message: 'Model Not Exist', retryable: false });
    expect(calls.every((c) => c.attempts === 1)).toBe(true); // a 400 is never retried
  });

  it('anthropic: claude-sonnet-4.6 in json_schema mode sends a schema native structured outputs accept', async () => {
    const { r, stats, bodies, byStatus } = await labelWith('anthropic', 'claude-sonnet-4.6', direct);
    expect(r.code, r.stderr).toBe(0);
    expect(stats.labeled).toBe(stats.records_in);
    expect(refusals(byStatus)).toBe(0);
    expect(bodies[0]).toMatchObject({ model: 'claude-sonnet-4-6', response_format: { type: 'json_schema' } });
  });

  it('openai-reasoning: gpt-5 gets max_completion_tokens, no temperature, reasoning_effort low; reasoning tokens recorded', async () => {
    const { r, stats, calls, bodies, byStatus } = await labelWith('openai-reasoning', 'gpt-5', direct);
    expect(r.code, r.stderr).toBe(0);
    expect(stats.labeled).toBe(stats.records_in);
    expect(refusals(byStatus)).toBe(0);
    expect(bodies.every((b) => 'max_completion_tokens' in b && !('max_tokens' in b) && !('temperature' in b) && b.reasoning_effort === 'low')).toBe(true);
    expect(calls.every((c) => (c.reasoning_tokens ?? 0) > 0)).toBe(true);
  });

  it('openai-reasoning: an unlisted o-series id gets the reasoning defaults; a budget cut while reasoning is retried once, doubled', async () => {
    const { r, stats, calls, bodies, byStatus } = await labelWith('openai-reasoning', 'o3-mini', direct, ['--max-tokens', '1000']);
    expect(r.code, r.stderr).toBe(0);
    expect(stats.labeled).toBe(stats.records_in);
    expect(refusals(byStatus)).toBe(0);
    // Default effort (medium) reasons 1500 tokens: 1000 is cut (length, empty), 2000 answers. Never 1000 twice.
    const budgets = bodies.map((b) => b.max_completion_tokens);
    expect(new Set(budgets)).toEqual(new Set([1000, 2000]));
    const grown = calls.filter((c) => c.max_tokens === 2000);
    expect(grown.length).toBe(calls.length);
    expect(grown.every((c) => c.failed_attempts?.[0]?.kind === 'length' && c.failed_attempts[0].max_tokens === 1000)).toBe(true);
  });

  it('litellm: LITELLM_BASE_URL + --model deepseek-v3.2 works with the bundled models.yaml; served model and proxy cost recorded', async () => {
    const env = (url: string) => ({ LITELLM_BASE_URL: url, LITELLM_API_KEY: 'sk-test-proxy' });
    const { r, stats, calls, bodies, byStatus } = await labelWith('litellm', 'deepseek-v3.2', env);
    expect(r.code, r.stderr).toBe(0);
    expect(stats.labeled).toBe(stats.records_in);
    expect(refusals(byStatus)).toBe(0);
    expect(byStatus['429']).toBeGreaterThan(0); // hint-less 429s were waited out and sent again
    expect(bodies.every((b) => b.model === 'deepseek-v3.2' && !('thinking' in b))).toBe(true);
    const answered = calls.filter((c) => c.error === null);
    expect(answered.every((c) => c.served_model === 'deepseek/deepseek-v4-flash' && c.provider_cost_usd === 0.00042)).toBe(true);
  });

  it('litellm: claude-sonnet-4.6 through the proxy passes Anthropic native structured outputs', async () => {
    const env = (url: string) => ({ LITELLM_BASE_URL: url, LITELLM_API_KEY: 'sk-test-proxy' });
    const { r, stats, bodies, byStatus } = await labelWith('litellm', 'claude-sonnet-4.6', env);
    expect(r.code, r.stderr).toBe(0);
    expect(stats.labeled).toBe(stats.records_in);
    expect(refusals(byStatus)).toBe(0);
    expect(bodies[0]).toMatchObject({ model: 'claude-sonnet-4.6', response_format: { type: 'json_schema' } });
  });

  it('dashscope-qwen3: qwen3-235b sends enable_thinking false in json_object mode', async () => {
    const { r, stats, bodies, byStatus } = await labelWith('dashscope-qwen3', 'qwen3-235b', direct);
    expect(r.code, r.stderr).toBe(0);
    expect(stats.labeled).toBe(stats.records_in);
    expect(refusals(byStatus)).toBe(0);
    expect(bodies.every((b) => b.enable_thinking === false && b.model === 'qwen3-235b-a22b')).toBe(true);
  });

  it('run: the headline experiment through the seed LiteLLM proxy, bundled registry, zero refusals', async () => {
    mock = await startMockServer({ persona: 'litellm', confidence: [0.8, 1], seed: 5 });
    const dir = tmp();
    const r = await runCli(
      ['run', packagePath('experiments', 'deepseek-vs-sonnet.yaml'), '--limit', '4', '--out', join(dir, 'report'), '--cache', 'off', '--no-progress'],
      { env: { LITELLM_BASE_URL: mock.url, LITELLM_API_KEY: 'sk-test-proxy' }, cwd: dir },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(refusals(mock.stats.byStatus)).toBe(0);
    const models = new Set(mock.stats.seen.filter((s) => s.path.endsWith('/chat/completions')).map((s) => (JSON.parse(s.body) as { model: string }).model));
    expect(models).toEqual(new Set(['deepseek-v3.2', 'claude-sonnet-4.6']));
    const lines = readFileSync(join(dir, 'report', 'runs', 'deepseek-v3.2__v2.jsonl'), 'utf8').split('\n').filter(Boolean);
    const served = lines.flatMap((l) => ((JSON.parse(l) as { labeling_monitor?: { calls?: CallRecord[] } }).labeling_monitor?.calls ?? []).map((c) => c.served_model));
    expect(served.length).toBeGreaterThan(0);
    expect(served.every((m) => m === 'deepseek/deepseek-v4-flash')).toBe(true);
  });

  it('fail fast: label against an endpoint that refuses every request stops after a handful, exit 1, naming model and message', async () => {
    mock = await startMockServer({ persona: 'deepseek', confidence: [0.8, 1], seed: 3 });
    const dir = tmp();
    const out = join(dir, 'labeled_doomed.jsonl');
    const gold = packagePath('gold', 'v1', 'samples.jsonl');
    const r = await runCli(['label', '--model', 'deepseek-chat', '--input', gold, '--limit', '40', '--output', out, ...FAST.filter((f) => f !== '4' && f !== '--concurrency'), '--concurrency', '30'], {
      env: direct(mock.url),
      cwd: dir,
    });
    expect(r.code, r.stderr).toBe(1);
    const sent = mock.stats.seen.filter((s) => s.path.endsWith('/chat/completions')).length;
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBe(4); // the breaker lets 4 through, then stops (issue 14: at most 12)
    expect(r.stderr).toMatch(/stopped deepseek-chat after its first 4 samples/);
    expect(r.stderr).toMatch(/HTTP 400: Model Not Exist/);
    expect(r.stderr).toMatch(/--retry-failed/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // one message, no stack trace
  });

  it('fail fast: run stops the refused configuration, reports the other, exit 1', async () => {
    mock = await startMockServer({ persona: 'deepseek', confidence: [0.8, 1], seed: 3 });
    const dir = tmp();
    const experiment = join(dir, 'mixed.yaml');
    writeFileSync(
      experiment,
      [
        'name: mixed',
        `gold: ${JSON.stringify(packagePath('gold', 'v1'))}`,
        'taxonomy: "3.1"',
        'matrix:',
        '  models:',
        '    - deepseek-v4-flash',
        // An entry still sending the name DeepSeek retired on 2026-07-24.
        '    - { id: old-deepseek, tier: mid, model: deepseek-chat, provider: deepseek, response_format: json_object, prices: { input: 0.28, cached_input: 0.028, output: 0.42, as_of: "2025-12-01", source: test } }',
        '  prompts: [v3]',
        'options:',
        '  concurrency: 8',
        '',
      ].join('\n'),
    );
    const r = await runCli(['run', experiment, '--limit', '30', '--out', join(dir, 'report'), '--cache', 'off', '--no-progress'], { env: direct(mock.url), cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/old-deepseek__v3: stopped old-deepseek after its first 4 samples/);
    const run = JSON.parse(readFileSync(join(dir, 'report', 'run.json'), 'utf8')) as { configs: Record<string, { labeled: number; stopped?: string }> };
    expect(run.configs['deepseek-v4-flash__v3']).toMatchObject({ labeled: 30 });
    expect(run.configs['deepseek-v4-flash__v3']?.stopped).toBeUndefined();
    expect(run.configs['old-deepseek__v3']?.stopped).toMatch(/HTTP 400/);
    const refused = mock.stats.seen.filter((s) => s.path.endsWith('/chat/completions') && (JSON.parse(s.body) as { model: string }).model === 'deepseek-chat').length;
    expect(refused).toBeLessThanOrEqual(12);
    expect(readFileSync(join(dir, 'report', 'report.md'), 'utf8')).toMatch(/deepseek-v4-flash__v3/);
  });
});
