import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../mock/index.js';
import { packagePath } from '../util/paths.js';
import { renderRunReport } from './read-run.js';
import { RunRecordSchema } from './results.js';
import { runExperiment, type RunExperimentResult } from './run.js';

const now = (): Date => new Date('2026-12-04T12:00:00Z');

describe('the report at the end of a run and `report RUN_DIR`', { timeout: 180_000 }, () => {
  let mock: MockServer;
  let dir: string;
  let result: RunExperimentResult;

  beforeAll(async () => {
    mock = await startMockServer({ latencyMs: [1, 3], confidence: [0.5, 1] });
    dir = mkdtempSync(join(tmpdir(), 'sft-run-report-'));
    // The gold set as an experiment usually names it: relative to the experiment file.
    mkdirSync(join(dir, 'experiments'));
    const file = join(dir, 'experiments', 'exp.yaml');
    const gold = relative(join(dir, 'experiments'), packagePath('gold', 'v1'));
    writeFileSync(file, `name: report-test\ngold: ${gold}\nmatrix:\n  models: [rules, deepseek-v3.2]\n  prompts: [v1]\noptions:\n  limit: 8\n  concurrency: 4\n`);
    result = await runExperiment({
      experimentFile: file,
      env: { SFT_LABEL_BASE_URL: mock.url, SFT_LABEL_API_KEY: 'test-key-report-0001' },
      cacheDir: join(dir, 'cache'),
      outDir: join(dir, 'reports', 'report-test'),
      cwd: dir,
      toolVersion: 'test',
      now,
    });
  });
  afterAll(async () => {
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes report.html and report.md from what the run holds', () => {
    expect(result.report).not.toBeNull();
    expect(result.report!.html).toBe(join(result.outDir, 'report.html'));
    const md = readFileSync(result.report!.markdown, 'utf8');
    expect(md).toMatch(/^## sft-label report: report-test/);
    expect(result.report!.model.configs.map((c) => c.name)).toEqual(['rules', 'deepseek-v3.2__v1']);
    expect(result.report!.model.prompts.map((p) => p.version)).toEqual(['v1']);
    expect(result.report!.model.disagreements.length).toBeGreaterThan(0);
    expect(result.report!.model.disagreements.length).toBeLessThanOrEqual(8);
    expect(result.report!.model.notes).toEqual([]);
  });

  it('names its gold folder in run.json, relative to the run folder', () => {
    const run = RunRecordSchema.parse(JSON.parse(readFileSync(result.paths.run, 'utf8')));
    expect(run.gold.dir).toBe(relative(result.outDir, packagePath('gold', 'v1')));
    expect(resolve(result.outDir, run.gold.dir!)).toBe(packagePath('gold', 'v1'));
  });

  it('re-renders byte for byte the same report from the run folder, from any working folder', () => {
    const again = renderRunReport(result.outDir, { cwd: tmpdir(), now, outDir: join(dir, 'again') });
    expect(readFileSync(again.html, 'utf8')).toBe(readFileSync(result.report!.html, 'utf8'));
    expect(readFileSync(again.markdown, 'utf8')).toBe(readFileSync(result.report!.markdown, 'utf8'));
  });

  it('re-renders the same from a run.json without gold.dir, taking the gold from the experiment file as the run did', () => {
    const old = join(dir, 'old-run');
    mkdirSync(old);
    for (const f of ['metrics.json', 'run.json']) writeFileSync(join(old, f), readFileSync(join(result.outDir, f)));
    mkdirSync(join(old, 'runs'));
    for (const [name, path] of Object.entries(result.paths.runs)) writeFileSync(join(old, 'runs', `${name}.jsonl`), readFileSync(path));
    const run = JSON.parse(readFileSync(join(old, 'run.json'), 'utf8'));
    delete run.gold.dir;
    writeFileSync(join(old, 'run.json'), JSON.stringify(run));
    const again = renderRunReport(old, { cwd: dir, now });
    expect(readFileSync(again.html, 'utf8')).toBe(readFileSync(result.report!.html, 'utf8'));
    // From another folder, the experiment file run.json names (relative to the run's cwd) is elsewhere: no guessing.
    const elsewhere = join(dir, 'a', 'b', 'c');
    expect(() => renderRunReport(old, { cwd: elsewhere, now })).toThrow(
      new RegExp(`names no gold\\.dir \\(written by an older version\\), and its experiment's gold ".*" taken from the experiment's folder ${join(elsewhere, 'experiments')} is not a gold set`),
    );
  });

  it('says when the gold labels changed since the run (--gold naming an edited copy)', () => {
    const gold = join(dir, 'gold-edited');
    cpSync(packagePath('gold', 'v1'), gold, { recursive: true });
    const [a, b, ...rest] = readFileSync(join(gold, 'labels.jsonl'), 'utf8').split('\n');
    writeFileSync(join(gold, 'labels.jsonl'), [b, a, ...rest].join('\n'));
    const again = renderRunReport(result.outDir, { gold, now, outDir: join(dir, 'edited') });
    expect(again.model.notes).toEqual([expect.stringMatching(/^gold labels in .*gold-edited changed since the run \(labels sha256 [0-9a-f]{12} then, [0-9a-f]{12} now\)/)]);
  });

  it('shows only the samples of this run in the explorer, even when the runs file holds more from an earlier run', async () => {
    const extra = readFileSync(result.paths.runs['rules']!, 'utf8').split('\n')[0]!;
    const line = JSON.parse(extra);
    // A line of a sample outside this run's selection (left by an earlier run with a larger --limit).
    writeFileSync(result.paths.runs['rules']!, `${readFileSync(result.paths.runs['rules']!, 'utf8')}${JSON.stringify({ ...line, id: 'not-selected' })}\n`);
    const again = renderRunReport(result.outDir, { cwd: dir, now, outDir: join(dir, 'extra') });
    expect(again.model.disagreements.map((d) => d.id)).not.toContain('not-selected');
    expect(readFileSync(again.html, 'utf8')).toBe(readFileSync(result.report!.html, 'utf8'));
  });
});
