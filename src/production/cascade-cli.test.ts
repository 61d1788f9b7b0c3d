import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/__fixtures__/run-cli.js';
import { qualityScript, readGoldForQuality, startMockServer, type MockServer } from '../mock/index.js';
import { LabelStatsSchema } from '../records/index.js';
import { loadTaxonomy } from '../taxonomy/index.js';
import { packagePath } from '../util/paths.js';
import { loadLock, renderLock } from './lock.js';

// Issue 16: `run` with a cascade -> `calibrate` -> `promote --config <cascade>` -> `label --config LOCK` of a new
// file, through the built CLI against the mock (two models of known quality on gold; a new file gets random answers).
const GOLD = packagePath('gold', 'v1');
const INPUT = packagePath('src', 'conversation', '__fixtures__', 'formats', 'llamafactory_reason_tool_use_demo_50.subset.jsonl');
const CASCADE = 'mock-weak__then__mock-strong__v3';

describe('cascade: run, calibrate, promote, label --config (built CLI)', { timeout: 300_000 }, () => {
  let mock: MockServer;
  let dir: string;
  beforeAll(async () => {
    const taxonomy = loadTaxonomy();
    mock = await startMockServer({
      script: qualityScript({ ...readGoldForQuality(GOLD), dimensions: taxonomy.dimensions, models: { 'mock-weak': { agreement: 0.88 }, 'mock-strong': { agreement: 0.95 } } }),
      confidence: [0.3, 1],
    });
    dir = mkdtempSync(join(tmpdir(), 'sft-cascade-cli-'));
    const entry = (id: string, input: number, output: number) =>
      `  ${id}:\n    tier: light\n    provider: mock\n    model: ${id}\n    response_format: json_schema\n    base_url: ${mock.url}\n` +
      `    prices: { input: ${input}, cached_input: ${input / 10}, output: ${output}, as_of: "2026-12", source: test }\n`;
    writeFileSync(join(dir, 'models.yaml'), `version: 1\nmodels:\n${entry('mock-weak', 0.3, 1.2)}${entry('mock-strong', 3, 15)}`);
    writeFileSync(
      join(dir, 'casc.yaml'),
      `name: casc\ngold: ${GOLD}\nmatrix:\n  models: [mock-weak, mock-strong]\n  prompts: [v3]\n  cascades: [[mock-weak, mock-strong]]\n` +
        `options:\n  concurrency: 8\n  arbitration: false\n`,
    );
  });
  afterAll(async () => {
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('locks the cascade with its thresholds and labels a new file with escalations recorded and counted', async () => {
    const env = { SFT_LABEL_API_KEY: 'k', SFT_LABEL_CACHE_DIR: join(dir, 'cache') };
    const run = await runCli(['run', 'casc.yaml', '--models', 'models.yaml', '--no-progress'], { cwd: dir, env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(CASCADE));

    const cal = await runCli(['calibrate', 'reports/casc', '--json'], { cwd: dir, env });
    expect(cal.code).toBe(0);
    const [entry] = JSON.parse(cal.stdout) as Array<{ config: string; proposal: { saving: boolean; thresholds: Record<string, number> | null } }>;
    expect(entry).toMatchObject({ config: CASCADE, proposal: { saving: true } });
    const text = await runCli(['calibrate', 'reports/casc', '--config', 'mock-weak__v3', '--target', '0.95'], { cwd: dir, env });
    expect(text.stdout).toMatch(/confidence informative/);
    expect(text.stdout).toMatch(/proposed: options.confidence_threshold: \{ intent: /);
    const bad = await runCli(['calibrate', 'reports/casc', '--config', 'mock-weak__v4'], { cwd: dir, env });
    expect(bad.code).toBe(2);

    const lockPath = join(dir, 'prod.lock.yaml');
    const promoted = await runCli(['promote', 'reports/casc', '--config', CASCADE, '--out', lockPath], { cwd: dir, env });
    expect(promoted.code).toBe(0);
    const lock = loadLock(lockPath);
    expect(lock).toMatchObject({ model: 'mock-weak', cascade: { then: 'mock-strong' }, options: { arbitration: false } });
    expect(lock.options.confidence_threshold).toEqual(entry!.proposal.thresholds);
    // Both models pinned from the run's record of what each configuration sent.
    const host = new URL(mock.url).host;
    expect(lock.pinned).toMatchObject({ id: 'mock-weak', wire_model: 'mock-weak', endpoint: { host } });
    expect(lock.cascade!.then_pinned).toMatchObject({ id: 'mock-strong', wire_model: 'mock-strong', entry: { model: 'mock-strong', prices: { input: 3 } }, endpoint: { host } });

    // No --models: both entries come from the lock (neither id is in the bundled registry).
    const before = mock.stats.requests;
    const out = join(dir, 'labeled_new.jsonl');
    const label = await runCli(['label', '--config', lockPath, '--input', INPUT, '--output', out, '--limit', '12', '--no-progress'], { cwd: dir, env });
    expect(label.code, label.stderr).toBe(0);
    expect(label.stderr).not.toMatch(/resolved through the model registry/);
    const records = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { labels: unknown; labeling_monitor: { calls: Array<{ name: string; model: string }>; issues: { escalations?: Array<{ call: string; from: string; to: string; reason: string; answered: boolean }> } } });
    expect(records).toHaveLength(10); // the file's 10 records
    const escalated = records.flatMap((r) => r.labeling_monitor.issues.escalations ?? []);
    expect(escalated.length).toBeGreaterThan(0);
    for (const r of records) {
      const esc = r.labeling_monitor.issues.escalations ?? [];
      expect(r.labeling_monitor.issues.escalations).toBeDefined();
      const strongCalls = r.labeling_monitor.calls.filter((c) => c.model === 'mock-strong').map((c) => c.name);
      expect(strongCalls.sort()).toEqual(esc.map((e) => e.call).sort());
      for (const e of esc) expect(e).toMatchObject({ from: 'mock-weak', to: 'mock-strong', answered: true, reason: expect.stringMatching(/ < /) });
    }
    const sent = mock.stats.seen.slice(-(mock.stats.requests - before)).map((s) => JSON.parse(s.body) as { model: string });
    expect(sent.filter((b) => b.model === 'mock-strong')).toHaveLength(escalated.length);
    const stats = LabelStatsSchema.parse(JSON.parse(readFileSync(join(dir, 'stats_new.json'), 'utf8')));
    expect(stats.escalation).toMatchObject({ calls: escalated.length, rate: escalated.length / 20 });
    expect(stats.escalation!.cost_usd).toBeGreaterThan(0);
    expect(stats.model).toBe('mock-weak -> mock-strong');

    // A named registry that maps the second id to another wire model contradicts the lock: exit 2, nothing sent.
    writeFileSync(join(dir, 'other.yaml'), readFileSync(join(dir, 'models.yaml'), 'utf8').replace('    model: mock-strong\n', '    model: gpt-4o\n'));
    const sentBefore = mock.stats.requests;
    const other = await runCli(['label', '--config', lockPath, '--models', 'other.yaml', '--input', INPUT, '--output', join(dir, 'o2.jsonl'), '--no-progress'], { cwd: dir, env });
    expect(other.code, other.stderr).toBe(2);
    expect(other.stderr).toMatch(/--models: .*other\.yaml maps mock-strong \(cascade\.then\) to wire model "gpt-4o", .* was scored with "mock-strong"/);
    expect(mock.stats.requests).toBe(sentBefore);

    // A cascade lock promoted before then_pinned still labels, through the registry, and says so.
    const { then_pinned: _tp, ...unpinned } = lock.cascade!;
    const oldLock = join(dir, 'old.lock.yaml');
    writeFileSync(oldLock, renderLock({ ...lock, cascade: unpinned }, oldLock));
    const old = await runCli(['label', '--config', oldLock, '--models', 'models.yaml', '--input', INPUT, '--output', join(dir, 'o3.jsonl'), '--limit', '2', '--no-progress'], { cwd: dir, env });
    expect(old.code, old.stderr).toBe(0);
    expect(old.stderr).toMatch(/old\.lock\.yaml does not pin the wire model of the cascade's second model mock-strong .*resolved through the model registry/);

    // doctor --config: each model of the cascade is a row of its own, each sent its two samples (2 calls each).
    const seenBefore = mock.stats.seen.length;
    const doctor = await runCli(['doctor', '--config', lockPath, '--timeout', '30'], { cwd: dir, env });
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
    expect(doctor.stdout).toMatch(new RegExp(`^${CASCADE} \\(lock\\) `, 'm'));
    expect(doctor.stdout).toMatch(new RegExp(`^${CASCADE} \\(lock, cascade\\.then\\) `, 'm'));
    expect(doctor.stdout).toMatch(/all 2 configuration\(s\) usable/);
    const perModel = (m: string) => mock.stats.seen.slice(seenBefore).filter((x) => x.path.endsWith('/chat/completions') && (JSON.parse(x.body) as { model: string }).model === m).length;
    expect(perModel('mock-weak')).toBe(4);
    expect(perModel('mock-strong')).toBe(4);
  });
});
