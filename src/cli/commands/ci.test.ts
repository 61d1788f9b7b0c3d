import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BaselineFileSchema } from '../../gate/index.js';
import { startMockServer, type MockScript, type MockServer } from '../../mock/index.js';
import { packagePath } from '../../util/paths.js';
import { promptsWithMarker, runCli } from '../../gate/__fixtures__/cli.js';
import { goldMockScript } from '../../gate/__fixtures__/gold-mock.js';
import { checkXml } from '../../gate/__fixtures__/xml.js';

// End to end through the built CLI: `baseline update` against a mock that answers the gold labels, then `ci` after
// prompt changes the mock answers worse (marker WORSE: intent wrong on every sample), within noise (marker NOISE:
// intent wrong on one sample of 12), or that the cache has never seen (marker MISS, no key).
const KEY = { SFT_LABEL_API_KEY: 'sk-test-not-a-real-key' };
let mock: MockServer;
let goldScript: MockScript;
let dir: string;
const requests = () => mock.stats.requests;

function filesUnder(d: string): string[] {
  return readdirSync(d, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
}

beforeAll(async () => {
  const { script } = await goldMockScript({
    limit: 12,
    wrong: (sample, dim, text) =>
      dim === 'intent' && (text.includes('WORSE') || (text.includes('NOISE') && sample.index === 0) || (text.includes('FEW') && sample.index < 5)),
  });
  goldScript = script;
  mock = await startMockServer({ script });
  dir = mkdtempSync(join(tmpdir(), 'sft-ci-'));
  const model = `{id: mock-llm, tier: light, provider: mock, model: mock-model, response_format: json_schema, prices: null, base_url: "${mock.url}"}`;
  writeFileSync(
    join(dir, 'exp.yaml'),
    `name: gate-test\ngold: ${packagePath('gold', 'v1')}\nmatrix:\n  models: [${model}]\n  prompts: [v1]\noptions:\n  limit: 12\nbaseline: baselines/gate-test.json\n`,
  );
});

afterAll(async () => {
  await mock?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('sft-label baseline update', () => {
  it('writes the baseline with per-sample labels and versions, and exactly the cache entries a replay needs', async () => {
    const r = await runCli(['baseline', 'update', 'exp.yaml', '--cache-dir', 'cache', '--no-progress'], { cwd: dir, env: KEY });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('baseline baselines/gate-test.json: 1 configuration(s) (mock-llm__v1)');
    const baseline = BaselineFileSchema.parse(JSON.parse(readFileSync(join(dir, 'baselines', 'gate-test.json'), 'utf8')));
    const config = baseline.configs['mock-llm__v1']!;
    expect(Object.keys(config.labels)).toHaveLength(12);
    expect(config.prompt_hash).toMatch(/^[0-9a-f]{16}$/);
    expect(baseline.prompts.v1?.hash).toBe(config.prompt_hash);
    expect(config.dimensions.intent?.headline).toBe(1);
    // 12 samples x 2 calls, nothing else.
    expect(baseline.cache_keys).toHaveLength(24);
    expect(filesUnder(join(dir, 'cache')).filter((f) => f.endsWith('.json')).sort()).toEqual(baseline.cache_keys.map((k) => `${k}.json`).sort());
    expect(readFileSync(join(dir, 'baselines', 'gate-test.json'), 'utf8')).not.toContain(KEY.SFT_LABEL_API_KEY);
  });

  it('exports into another folder from a working cache and prunes what the experiment does not use', async () => {
    const stray = join(dir, 'committed', 'ff', `${'ff'.repeat(32)}.json`);
    mkdirSync(dirname(stray), { recursive: true });
    writeFileSync(stray, '{"version": 1}\n');
    const before = requests();
    const r = await runCli(['baseline', 'update', 'exp.yaml', '--from-cache', 'cache', '--cache-dir', 'committed', '--baseline', 'other.json', '--prune', '--no-progress'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(requests() - before).toBe(0);
    expect(r.stdout).toContain('24 entries needed (24 copied, 0 already there, 1 pruned)');
    expect(filesUnder(join(dir, 'committed'))).toHaveLength(24);
    expect(existsSync(stray)).toBe(false);
  });
});

describe('sft-label ci', () => {
  it('passes an unchanged prompt offline with 0 HTTP requests and writes well-formed JUnit', async () => {
    const before = requests();
    const summary = join(dir, 'step-summary.md');
    const r = await runCli(['ci', 'exp.yaml', '--cache-dir', 'cache', '--junit', 'out/junit.xml', '--no-progress'], { cwd: dir, env: { GITHUB_STEP_SUMMARY: summary } });
    expect(r.code).toBe(0);
    expect(requests() - before).toBe(0);
    expect(r.stderr).toContain('cache read-only (no API key in the environment), 0 HTTP request(s)');
    expect(r.stdout).toMatch(/^gate passed: \d+ dimension gate\(s\) checked vs baselines\/gate-test\.json/);
    const els = checkXml(readFileSync(join(dir, 'out', 'junit.xml'), 'utf8'));
    const cases = els.filter((e) => e.name === 'testcase');
    expect(cases).toHaveLength(9);
    expect(cases[0]!.attrs).toMatchObject({ classname: 'gate-test.mock-llm__v1', name: 'intent (kappa)' });
    expect(els.filter((e) => e.name === 'failure')).toHaveLength(0);
    expect(readFileSync(summary, 'utf8')).toContain('## sft-label CI gate: gate-test — passed');
  });

  it('fails with exit 100 naming the dimension when a prompt change makes answers worse', async () => {
    const prompts = promptsWithMarker(dir, 'WORSE');
    const before = requests();
    const r = await runCli(['ci', 'exp.yaml', '--cache-dir', 'cache', '--prompts-dir', prompts, '--junit', 'worse.xml', '--no-progress'], { cwd: dir, env: KEY });
    expect(r.code).toBe(100);
    expect(requests() - before).toBeGreaterThan(0); // read-write with a key: the new prompt's answers are fetched
    expect(r.stderr).toMatch(/quality gate failed: 1 regression\(s\):\n {2}- mock-llm__v1 intent: kappa 1\.000 -> -?0\.\d{3} \(-\d\.\d{3}, 95% CI/);
    expect(r.stdout).toContain('note: mock-llm__v1: prompt v1 changed');
    const failures = checkXml(readFileSync(join(dir, 'worse.xml'), 'utf8')).filter((e) => e.name === 'failure');
    expect(failures.map((f) => f.attrs.message?.split(':')[0])).toEqual(['mock-llm__v1 intent']);
  });

  it('passes a prompt change whose drop is within noise', async () => {
    const prompts = promptsWithMarker(dir, 'NOISE');
    const r = await runCli(['ci', 'exp.yaml', '--cache-dir', 'cache', '--prompts-dir', prompts, '--no-progress'], { cwd: dir, env: KEY });
    expect(r.code).toBe(0);
    // One sample of 12 worse: sign test p = 0.5, Holm-adjusted 1 over the run's tested checks.
    expect(r.stdout).toMatch(/~ mock-llm__v1 intent: kappa 1\.000 -> 0\.\d{3} \(-0\.\d{3}, 95% CI \[-0\.\d{3}, \+0\.000\]\); agreement 1\.000 -> 0\.917, p = 0\.5 \(Holm-adjusted 1\): drop within noise/);
    const gate = JSON.parse(readFileSync(join(dir, 'reports', 'gate-test', 'gate.json'), 'utf8'));
    expect(gate).toMatchObject({ correction: 'holm', passed: true });
    expect(gate.family_size).toBeGreaterThan(1);
  });

  it('controls false alarms over the run: a drop significant alone passes under Holm, fails with --correction none', async () => {
    // 5 of 12 samples worse on intent, none better: p = 1/32 alone; Holm multiplies it by the number of tested checks.
    const prompts = promptsWithMarker(dir, 'FEW');
    const holm = await runCli(['ci', 'exp.yaml', '--cache-dir', 'cache', '--prompts-dir', prompts, '--no-progress'], { cwd: dir, env: KEY });
    expect(holm.code).toBe(0);
    expect(holm.stdout).toMatch(/~ mock-llm__v1 intent: .*agreement 1\.000 -> 0\.583, p = 0\.0313 \(Holm-adjusted 0\.\d+\): drop within noise/);
    const none = await runCli(['ci', 'exp.yaml', '--cache-dir', 'cache', '--prompts-dir', prompts, '--correction', 'none', '--no-progress'], { cwd: dir, env: KEY });
    expect(none.code).toBe(100);
    expect(none.stderr).toMatch(/- mock-llm__v1 intent: .*agreement 1\.000 -> 0\.583, p = 0\.0313: dropped by more than 0\.02 and significant at 0\.05/);
    const bad = await runCli(['ci', 'exp.yaml', '--correction', 'bonferroni'], { cwd: dir });
    expect(bad.code).toBe(2);
  });

  it('exits 1 naming every missing entry when the cache lacks a changed prompt and no key is set', async () => {
    const prompts = promptsWithMarker(dir, 'MISS');
    const before = requests();
    const summary = join(dir, 'miss-summary.md');
    const r = await runCli(['ci', 'exp.yaml', '--cache-dir', 'cache', '--prompts-dir', prompts, '--junit', 'miss.xml', '--no-progress'], { cwd: dir, env: { GITHUB_STEP_SUMMARY: summary } });
    expect(r.code).toBe(1);
    expect(requests() - before).toBe(0);
    const errors = checkXml(readFileSync(join(dir, 'miss.xml'), 'utf8')).filter((e) => e.name === 'error');
    expect(errors.map((e) => e.attrs.message)).toEqual([expect.stringContaining('read-only: 12 request(s) are not in the cache')]);
    expect(readFileSync(summary, 'utf8')).toContain('## sft-label CI gate: exp — not evaluated');
    expect(r.stderr).toContain('read-only: 12 request(s) are not in the cache');
    expect(r.stderr).toMatch(/mock-model: config mock-llm__v1, sample a-001, call1 \(key [0-9a-f]{12}\)/);
  });

  it('exits 1, not 100, when the endpoint gives no answer (a rejected key)', async () => {
    mock.setScript((req, ctx) => (req.text.includes('DOWN') ? { type: 'error', status: 401, body: { error: { message: 'invalid api key' } } } : goldScript(req, ctx)));
    const prompts = promptsWithMarker(dir, 'DOWN');
    const r = await runCli(['ci', 'exp.yaml', '--cache-dir', 'cache', '--prompts-dir', prompts, '--no-progress'], { cwd: dir, env: KEY });
    mock.setScript(goldScript);
    expect(r.code, r.stderr).toBe(1);
    // The breaker stops the configuration after 4 identical refusals (issue 14); the gate refuses to judge it.
    expect(r.stderr).toMatch(/1 configuration\(s\) stopped early; not judging a partial run:\n {2}- mock-llm__v1: stopped mock-llm after its first 4 samples all failed the same way \(HTTP 401: invalid api key\); check the API key/);
    expect(r.stderr).not.toContain(KEY.SFT_LABEL_API_KEY);
  });

  it('exits 2 for a bad experiment file or a missing baseline', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'name: bad\ngold: nowhere\nmatrix:\n  models: [rulez]\n');
    const bad = await runCli(['ci', 'bad.yaml'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown model "rulez" \(did you mean rules\?\)/);
    const none = await runCli(['ci', 'exp.yaml', '--baseline', 'nope.json'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('nope.json: create it with `sft-label baseline update');
  });
});

describe('caches apart (issue 19 item 5): the user cache is not the committed CI cache', () => {
  it('run fills .sft-label/cache; baseline update copies exactly what the gate needs into cache/<name>/; ci replays it whatever SFT_LABEL_CACHE_DIR says', async () => {
    const d = mkdtempSync(join(tmpdir(), 'sft-caches-'));
    try {
      writeFileSync(join(d, 'exp.yaml'), readFileSync(join(dir, 'exp.yaml'), 'utf8').replace('name: gate-test', 'name: apart'));
      // An ordinary run (with a key) writes the user cache, and nothing under cache/.
      const run = await runCli(['run', 'exp.yaml', '--no-progress'], { cwd: d, env: KEY });
      expect(run.code).toBe(0);
      expect(filesUnder(join(d, '.sft-label', 'cache')).filter((f) => f.endsWith('.json'))).toHaveLength(24);
      expect(existsSync(join(d, 'cache'))).toBe(false);
      // A stale entry in the experiment's folder is pruned: the folder is the experiment's own.
      mkdirSync(join(d, 'cache', 'apart', 'ff'), { recursive: true });
      writeFileSync(join(d, 'cache', 'apart', 'ff', `${'f'.repeat(64)}.json`), '{}');
      const sent = requests();
      const up = await runCli(['baseline', 'update', 'exp.yaml', '--from-cache', '.sft-label/cache', '--no-progress'], { cwd: d });
      expect(up.stderr).toBe('');
      expect(up.code).toBe(0);
      expect(requests()).toBe(sent); // everything came from the user cache
      expect(up.stdout).toContain('cache cache/apart: 24 entries needed (24 copied, 0 already there, 1 pruned)');
      expect(up.stdout).toContain('git add baselines/gate-test.json cache/apart');
      const baseline = BaselineFileSchema.parse(JSON.parse(readFileSync(join(d, 'baselines', 'gate-test.json'), 'utf8')));
      expect(filesUnder(join(d, 'cache', 'apart')).sort()).toEqual(baseline.cache_keys.map((k) => `${k}.json`).sort());
      // CI: no key, a user cache variable pointing elsewhere: the experiment's folder is replayed, 0 requests.
      const ci = await runCli(['ci', 'exp.yaml', '--no-progress'], { cwd: d, env: { SFT_LABEL_CACHE_DIR: join(d, 'elsewhere') } });
      expect(ci.stderr).toContain('cache read-only (no API key in the environment), 0 HTTP request(s)');
      expect(ci.code).toBe(0);
      expect(requests()).toBe(sent);
      expect(existsSync(join(d, 'elsewhere'))).toBe(false);
      // An experiment naming its cache (relative to the file) uses it for run too.
      mkdirSync(join(d, 'exps'));
      writeFileSync(join(d, 'exps', 'named.yaml'), `${readFileSync(join(d, 'exp.yaml'), 'utf8').replace('name: apart', 'name: named')}cache: ../cache/apart\n`);
      const named = await runCli(['run', 'exps/named.yaml', '--cache-only', '--no-progress'], { cwd: d });
      expect(named.code).toBe(0);
      expect(requests()).toBe(sent);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

/** A copy of the bundled prompts with a version `name`: v1 with `marker` at the top of its call-1 system prompt. */
function promptsWithVersion(name: string, marker: string): string {
  const out = join(dir, `prompts-${name}-${marker}`);
  cpSync(packagePath('src', 'prompts'), out, { recursive: true });
  cpSync(join(out, 'v1'), join(out, name), { recursive: true });
  const meta = join(out, name, 'meta.yaml');
  writeFileSync(meta, readFileSync(meta, 'utf8').replace(/^version: v1$/m, `version: ${name}`));
  const call1 = join(out, name, 'call1.hbs');
  writeFileSync(call1, readFileSync(call1, 'utf8').replace(/(\{\{!-- system --\}\}\r?\n)/, `$1${marker}: keep this line.\n`));
  return out;
}

describe('sft-label ci: a new prompt version gated against the production configuration (gates.candidates)', () => {
  const experiment = (file: string, candidates: string) => {
    const model = `{id: mock-llm, tier: light, provider: mock, model: mock-model, response_format: json_schema, prices: null, base_url: "${mock.url}"}`;
    writeFileSync(
      join(dir, file),
      `name: ${file.replace('.yaml', '')}\ngold: ${packagePath('gold', 'v1')}\nmatrix:\n  models: [${model}]\n  prompts: [v1, v9]\noptions:\n  limit: 12\n` +
        `baseline: baselines/gate-test.json\ngates:\n  candidates:\n${candidates}`,
    );
  };

  it('exits 100 when the candidate is significantly worse than the configuration it replaces, on the same samples', async () => {
    experiment('cand.yaml', '    - { config: mock-llm__v9, compare_to: mock-llm__v1 }\n');
    const r = await runCli(['ci', 'cand.yaml', '--cache-dir', 'cache', '--prompts-dir', promptsWithVersion('v9', 'WORSE'), '--junit', 'cand.xml', '--no-progress'], { cwd: dir, env: KEY });
    expect(r.code).toBe(100);
    expect(r.stderr).toMatch(/quality gate failed: 1 regression\(s\):\n {2}- mock-llm__v9 intent: kappa 1\.000 -> -?0\.\d{3} \(-\d\.\d{3}, 95% CI \[[^\]]+\]\) vs mock-llm__v1; agreement 1\.000 -> 0\.000, p = 2\.4e-4 \(Holm-adjusted/);
    expect(r.stdout).toContain('candidates gated against another configuration: mock-llm__v9 vs mock-llm__v1');
    const gate = JSON.parse(readFileSync(join(dir, 'reports', 'cand', 'gate.json'), 'utf8'));
    expect(gate.new_configs).toEqual(['mock-llm__v9']);
    const failures = checkXml(readFileSync(join(dir, 'cand.xml'), 'utf8')).filter((e) => e.name === 'failure');
    expect(failures).toHaveLength(1);
  });

  it('passes a candidate within noise of it', async () => {
    experiment('cand-ok.yaml', '    - { config: mock-llm__v9, compare_to: mock-llm__v1 }\n');
    const r = await runCli(['ci', 'cand-ok.yaml', '--cache-dir', 'cache', '--prompts-dir', promptsWithVersion('v9', 'NOISE'), '--no-progress'], { cwd: dir, env: KEY });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/~ mock-llm__v9 intent: .* vs mock-llm__v1; agreement 1\.000 -> 0\.917, p = 0\.5/);
  });

  it('exits 2 before running anything when a candidate names no configuration of the experiment', async () => {
    experiment('cand-bad.yaml', '    - { config: mock-llm__v8, compare_to: mock-llm__v1 }\n');
    const before = requests();
    const r = await runCli(['ci', 'cand-bad.yaml', '--cache-dir', 'cache', '--prompts-dir', promptsWithVersion('v9', 'NOISE'), '--no-progress'], { cwd: dir, env: KEY });
    expect(r.code).toBe(2);
    expect(requests() - before).toBe(0);
    expect(r.stderr).toMatch(/gates\.candidates: config "mock-llm__v8" is not a configuration of this experiment \(did you mean mock-llm__v1 or mock-llm__v9\?\) \(configurations: mock-llm__v1, mock-llm__v9\)/);
  });
});

describe('sft-label ci with repeats', () => {
  it('pins every repeat in the baseline and averages per-sample agreement over them', async () => {
    const model = `{id: mock-llm, tier: light, provider: mock, model: mock-model, response_format: json_schema, prices: null, base_url: "${mock.url}"}`;
    writeFileSync(
      join(dir, 'rep.yaml'),
      `name: rep\ngold: ${packagePath('gold', 'v1')}\nmatrix:\n  models: [${model}]\n  prompts: [v1]\noptions:\n  limit: 12\n  repeats: 2\nbaseline: baselines/rep.json\n`,
    );
    const up = await runCli(['baseline', 'update', 'rep.yaml', '--cache-dir', 'cache-rep', '--no-progress'], { cwd: dir, env: KEY });
    expect(up.code).toBe(0);
    const baseline = BaselineFileSchema.parse(JSON.parse(readFileSync(join(dir, 'baselines', 'rep.json'), 'utf8')));
    expect(baseline.configs['mock-llm__v1']!.repeat_labels).toHaveLength(1);
    expect(Object.keys(baseline.configs['mock-llm__v1']!.repeat_labels![0]!)).toHaveLength(12);
    const before = requests();
    const r = await runCli(['ci', 'rep.yaml', '--cache-dir', 'cache-rep', '--no-progress'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(requests() - before).toBe(0);
    const gate = JSON.parse(readFileSync(join(dir, 'reports', 'rep', 'gate.json'), 'utf8'));
    expect(gate.checks.find((c: { dimension: string }) => c.dimension === 'intent').agreement).toMatchObject({ repeats: 2, n: 12, reference: 1, current: 1 });
  });
});
