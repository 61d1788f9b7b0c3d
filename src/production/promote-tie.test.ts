import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/__fixtures__/run-cli.js';
import { goldMockScript } from '../gate/__fixtures__/gold-mock.js';
import { startMockServer, type MockServer } from '../mock/index.js';
import { packagePath } from '../util/paths.js';
import { loadLock } from './lock.js';

// Honest ranking end to end through the built CLI: two LLM configurations that answer the same (a mock answering the
// gold labels) at different prices, and the offline rules labeler. The run, its reports and promote must say that the
// two are tied (not crown one by its point estimate), and promote must refuse the coin toss unless --allow-tie, then
// take the cheaper one and say so.
const KEY = { SFT_LABEL_API_KEY: 'sk-test-not-a-real-key' };
let mock: MockServer;
let dir: string;

beforeAll(async () => {
  const { script } = await goldMockScript({ limit: 108 });
  mock = await startMockServer({ script });
  dir = mkdtempSync(join(tmpdir(), 'sft-tie-'));
  const model = (id: string, input: number) =>
    `{id: ${id}, tier: light, provider: mock, model: ${id}-model, response_format: json_schema, base_url: "${mock.url}", ` +
    `prices: {input: ${input}, cached_input: ${input / 10}, output: ${input * 2}, as_of: "2026", source: test}}`;
  writeFileSync(
    join(dir, 'tie.yaml'),
    `name: tie\ngold: ${packagePath('gold', 'v1')}\nmatrix:\n  models: [rules, ${model('dear', 3)}, ${model('cheap', 1)}]\n  prompts: [v1]\n` +
      'options:\n  concurrency: 16\n  arbitration: false\n',
  );
  const r = await runCli(['run', 'tie.yaml', '--cache-dir', 'cache', '--no-progress'], { cwd: dir, env: KEY });
  if (r.code !== 0) throw new Error(`run failed (${r.code}): ${r.stderr}`);
  writeFileSync(join(dir, 'run-stdout.txt'), r.stdout);
}, 120_000);

afterAll(async () => {
  await mock?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('ties named in the run, its reports and promote', () => {
  it('metrics.json ranks each configuration against the best and lists the tie', () => {
    const metrics = JSON.parse(readFileSync(join(dir, 'reports', 'tie', 'metrics.json'), 'utf8'));
    expect(metrics.ranking).toMatchObject({ method: 'each-vs-best', correction: 'holm', alpha: 0.05 });
    // Same answers: same overall; the name breaks the point-estimate tie, the test says it is one.
    expect(metrics.ranking.best).toBe('cheap__v1');
    expect(metrics.ranking.tied).toEqual(['cheap__v1', 'dear__v1']);
    const rules = metrics.ranking.entries.find((e: { config: string }) => e.config === 'rules');
    expect(rules).toMatchObject({ rank: 3, tied_with_best: false });
    expect(rules.diff_vs_best).toBeLessThan(-0.2);
    expect(rules.p_adjusted).toBeLessThan(0.05);
  });

  it('the run summary, report.md, report.html and `report` in the terminal name the tie', async () => {
    const sentence = /cheap__v1 and dear__v1 are tied \(p = 1, Holm-adjusted\): the data cannot tell them apart; cheap__v1 has the highest point estimate/;
    expect(readFileSync(join(dir, 'run-stdout.txt'), 'utf8')).toMatch(new RegExp(`ranking: ${sentence.source}`));
    // Markdown escapes the underscores of configuration names.
    const md = sentence.source.replace(/__/g, '\\\\_\\\\_');
    expect(readFileSync(join(dir, 'reports', 'tie', 'report.md'), 'utf8')).toMatch(new RegExp(`\\*\\*Ranking:\\*\\* ${md}`));
    // Handlebars escapes "=" as &#x3D;.
    const html = sentence.source.replace(/ = /g, ' &#x3D; ');
    expect(readFileSync(join(dir, 'reports', 'tie', 'report.html'), 'utf8')).toMatch(new RegExp(`<p class="ranking" id="ranking"><b>Ranking:</b> ${html}`));
    const report = await runCli(['report', join('reports', 'tie')], { cwd: dir });
    expect(report.code).toBe(0);
    expect(report.stdout).toMatch(new RegExp(`ranking: ${sentence.source}`));
  });

  it('promote refuses the coin toss (exit 2), naming the tie and the way out', async () => {
    const r = await runCli(['promote', join('reports', 'tie'), '--out', 'lock.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cheap__v1 and dear__v1 are tied \(p = 1, Holm-adjusted\)/);
    expect(r.stderr).toMatch(/Not promoting a coin toss: pass --allow-tie to promote the cheapest of them \(cheap__v1, \$0\.\d+\/sample\), or --config NAME/);
  });

  it('promote --allow-tie takes the cheaper of the tied configurations and says so, in the lock too', async () => {
    const r = await runCli(['promote', join('reports', 'tie'), '--allow-tie', '--out', 'lock.yaml'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/are tied \(p = 1, Holm-adjusted\).*; promoting the cheaper cheap__v1 \(cheap__v1 \$0\.\d+\/sample, dear__v1 \$0\.\d+\/sample\)\n/);
    expect(r.stdout).toMatch(/promoted cheap__v1 \(model cheap/);
    const lock = loadLock(join(dir, 'lock.yaml'));
    expect(lock.config).toBe('cheap__v1');
    expect(lock.decision).toMatch(/promoting the cheaper cheap__v1/);
    expect(lock.ranking.find((x) => x.config === 'dear__v1')).toMatchObject({ tied_with_best: true, p_adjusted: 1 });
    expect(lock.ranking.find((x) => x.config === 'rules')).toMatchObject({ tied_with_best: false });
  });

  it('--config still promotes the named configuration whatever the ranking', async () => {
    const r = await runCli(['promote', join('reports', 'tie'), '--config', 'dear__v1', '--out', 'lock2.yaml'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(loadLock(join(dir, 'lock2.yaml'))).toMatchObject({ config: 'dear__v1', decision: '--config dear__v1: chosen by hand' });
  });

  it('ci gates a candidate against the configuration the lock names (gates.candidates compare_to: a lock file)', async () => {
    const promoted = await runCli(['promote', join('reports', 'tie'), '--allow-tie', '--out', 'production.lock.yaml'], { cwd: dir });
    expect(promoted.code).toBe(0);
    const text = readFileSync(join(dir, 'tie.yaml'), 'utf8').replace('name: tie', 'name: tie-gate');
    writeFileSync(join(dir, 'tie-gate.yaml'), `${text}baseline: baselines/tie.json\ngates:\n  candidates:\n    - { config: dear__v1, compare_to: production.lock.yaml }\n`);
    const up = await runCli(['baseline', 'update', 'tie-gate.yaml', '--cache-dir', 'cache', '--no-progress'], { cwd: dir, env: KEY });
    expect(up.code).toBe(0);
    const r = await runCli(['ci', 'tie-gate.yaml', '--cache-dir', 'cache', '--no-progress'], { cwd: dir });
    expect(r.code).toBe(0);
    const gate = JSON.parse(readFileSync(join(dir, 'reports', 'tie-gate', 'gate.json'), 'utf8'));
    const vs = gate.checks.filter((c: { against: string }) => c.against === 'cheap__v1');
    expect(vs).toHaveLength(9);
    expect(vs.every((c: { config: string; status: string }) => c.config === 'dear__v1' && c.status !== 'fail')).toBe(true);
  });
});
