import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LABEL_FIELDS, readRecords } from '../conversation/index.js';
import { loadTaxonomy, type Labels } from '../taxonomy/index.js';
import { runCli, runCliSync } from '../cli/__fixtures__/run-cli.js';
import { packagePath } from '../util/paths.js';
import { checkLabelSet } from '../validate/index.js';
import { LabelStatsSchema, type LabelStats } from '../records/stats-schema.js';

// End to end through the built CLI (`npx tsc -p tsconfig.build.json` first; `npm test` does it).
const BIN = packagePath('bin', 'sft-label.js');
const FORMATS = packagePath('src', 'conversation', '__fixtures__', 'formats');
const taxonomy = loadTaxonomy();

const cli = (...args: string[]) => runCliSync(args, { fullEnv: process.env });
const tmp = (): string => mkdtempSync(join(tmpdir(), 'label-cli-'));
const stats = (p: string): LabelStats => LabelStatsSchema.parse(JSON.parse(readFileSync(p, 'utf8')));
const jsonl = (p: string): Array<Record<string, unknown>> => readFileSync(p, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
function withoutLabelFields(r: Record<string, unknown>): Record<string, unknown> {
  const rest = { ...r };
  for (const f of LABEL_FIELDS) delete rest[f];
  return rest;
}
async function inputItems(file: string): Promise<Array<{ ok: boolean; record?: unknown }>> {
  const out = [];
  for await (const it of readRecords(file)) out.push(it);
  return out;
}
async function synth(path: string, n: number): Promise<void> {
  const mod = (await import(pathToFileURL(packagePath('bench', 'synth.mjs')).href)) as { writeSyntheticJsonl(p: string, n: number, seed?: number): Promise<void> };
  await mod.writeSyntheticJsonl(path, n, 3);
}

describe('sft-label label: every real format', () => {
  const files = readdirSync(FORMATS).filter((f) => /\.jsonl?$/.test(f));
  it('has the shared formats to test', () => expect(files.length).toBeGreaterThanOrEqual(19));
  it.each(files)('%s labels end to end with --model rules', async (file) => {
    const dir = tmp();
    const input = join(FORMATS, file);
    const output = join(dir, 'labeled_out.jsonl');
    const r = cli('label', '--input', input, '--output', output, '--model', 'rules');
    expect(r.stderr).toMatch(/labeled \d+\/\d+ records/);
    expect(r.code).toBe(0);
    const s = stats(join(dir, 'stats_out.json'));
    const items = await inputItems(input);
    expect(s.records_in).toBe(items.length);
    expect(s.records_in).toBe(s.labeled + s.failed);
    expect(s.labeler_failed).toBe(0);
    const good = items.filter((i) => i.ok);
    const out = jsonl(output);
    expect(out).toHaveLength(good.length);
    out.forEach((rec, i) => {
      expect(checkLabelSet(rec.labels as Labels, taxonomy)).toEqual([]);
      const source = good[i]!.record;
      if (source && typeof source === 'object' && !Array.isArray(source)) expect(withoutLabelFields(rec)).toEqual(source);
      else expect(rec.record).toEqual(source);
    });
    expect(jsonl(join(dir, 'monitor_out.jsonl'))).toHaveLength(good.length);
  });
});

describe('sft-label label: bad input', () => {
  it('skips a bad JSONL line and a non-conversation record, lists them, labels the rest', () => {
    const dir = tmp();
    const input = join(dir, 'in.jsonl');
    const ok = { id: 'a', messages: [{ role: 'user', content: 'sort a list in python' }, { role: 'assistant', content: '```python\nsorted(x)\n```' }] };
    writeFileSync(input, [JSON.stringify(ok), '{"id": "b", "messages": [', JSON.stringify({ id: 'c', foo: 1 }), ''].join('\n'));
    const r = cli('label', '--input', input, '--output', join(dir, 'o.jsonl'));
    expect(r.code).toBe(0);
    const s = stats(join(dir, 'stats_o.json'));
    expect(s).toMatchObject({ records_in: 3, labeled: 1, failed: 2 });
    expect(s.failures.map((f) => [f.index, f.line])).toEqual([[1, 2], [2, 3]]);
    expect(s.failures[0]?.reason).toMatch(/in\.jsonl:2:\d+: invalid JSON/);
    expect(s.failures[1]).toMatchObject({ id: 'c', stage: 'input' });
  });
  it('exits 2 naming the file and position when the input cannot be parsed, and the file when it cannot be read', () => {
    const dir = tmp();
    const input = join(dir, 'broken.json');
    writeFileSync(input, '[\n  {"id": 1},\n  {"id": 2,,}\n]');
    const r = cli('label', '--input', input, '--output', join(dir, 'o.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${input}:3:`);
    expect(existsSync(join(dir, 'o.json'))).toBe(false);
    const missing = cli('label', '--input', join(dir, 'nope.jsonl'), '--output', join(dir, 'o.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(join(dir, 'nope.jsonl'));
  });
  it('labels a record with more than 1 MB of text and counts it as oversized', () => {
    const dir = tmp();
    const big = { id: 'big', messages: [{ role: 'user', content: `why does this fail?\n${'Traceback: error in module x\n'.repeat(60_000)}` }, { role: 'assistant', content: '```python\nprint(1)\n```' }] };
    writeFileSync(join(dir, 'big.jsonl'), `${JSON.stringify(big)}\n`);
    const r = cli('label', '--input', join(dir, 'big.jsonl'), '--output', join(dir, 'o.jsonl'));
    expect(r.code).toBe(0);
    expect(stats(join(dir, 'stats_o.json'))).toMatchObject({ records_in: 1, labeled: 1, oversized: 1 });
    expect(checkLabelSet(jsonl(join(dir, 'o.jsonl'))[0]?.labels as Labels, taxonomy)).toEqual([]);
  });

  it('refuses an empty file: exit 2 naming it (issue 19: input that is not what we promise)', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'empty.jsonl'), '');
    const r = cli('label', '--input', join(dir, 'empty.jsonl'), '--output', join(dir, 'labeled_e.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'empty.jsonl')}: empty file (0 bytes)`);
  });
  it('refuses an unknown model and a bad output extension with exit 2', () => {
    const input = join(FORMATS, 'axolotl_conversation.json');
    const m = spawnSync(process.execPath, [BIN, 'label', '--input', input, '--output', join(tmp(), 'o.json'), '--model', 'gpt-9'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(m.status).toBe(2);
    expect(m.stderr).toMatch(/unknown model "gpt-9".*known: /);
    expect(cli('label', '--input', input, '--output', join(tmp(), 'o.csv')).code).toBe(2);
  });
});

describe('sft-label label: outputs and selection', () => {
  const input = join(FORMATS, 'llamafactory_reason_tool_use_demo_50.subset.jsonl');
  it('writes the same records as a JSON array or JSONL, with explicit stats/monitor paths', () => {
    const dir = tmp();
    expect(cli('label', '--input', input, '--output', join(dir, 'a.json'), '--stats', join(dir, 's.json'), '--monitor', join(dir, 'm.jsonl')).code).toBe(0);
    expect(cli('label', '--input', input, '--output', join(dir, 'b.jsonl')).code).toBe(0);
    const a = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8')) as Array<Record<string, unknown>>;
    const b = jsonl(join(dir, 'b.jsonl'));
    expect(a.map((r) => r.labels)).toEqual(b.map((r) => r.labels));
    expect(a.length).toBeGreaterThanOrEqual(10);
    expect(stats(join(dir, 's.json')).labeled).toBe(a.length);
    expect(jsonl(join(dir, 'm.jsonl'))[0]).toMatchObject({ index: 0, line: 1, labeler: 'rules' });
    expect(existsSync(join(dir, 'stats_b.json')) && existsSync(join(dir, 'monitor_b.jsonl'))).toBe(true);
  });
  it('--limit, --shuffle and --seed pick the same records for the same seed', () => {
    const dir = tmp();
    const ids = (name: string, ...flags: string[]): unknown[] => {
      expect(cli('label', '--input', input, '--output', join(dir, name), '--fresh', ...flags).code).toBe(0);
      return jsonl(join(dir, name)).map((r) => JSON.stringify(withoutLabelFields(r)));
    };
    expect(ids('l.jsonl', '--limit', '5')).toHaveLength(5);
    const a = ids('s1.jsonl', '--shuffle', '--seed', '7', '--limit', '10');
    const b = ids('s2.jsonl', '--shuffle', '--seed', '7', '--limit', '10');
    const c = ids('s3.jsonl', '--shuffle', '--seed', '8', '--limit', '10');
    expect(a).toHaveLength(10);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(stats(join(dir, 'stats_s1.json')).selection).toMatchObject({ limit: 10, shuffle: true, seed: 7 });
  });
  it('--shard K/N splits the records with no overlap and nothing missing', () => {
    const dir = tmp();
    const all: string[] = [];
    for (const k of [1, 2, 3]) {
      expect(cli('label', '--input', input, '--output', join(dir, `part${k}.jsonl`), '--shard', `${k}/3`).code).toBe(0);
      all.push(...jsonl(join(dir, `part${k}.jsonl`)).map((r) => JSON.stringify(withoutLabelFields(r))));
    }
    expect(cli('label', '--input', input, '--output', join(dir, 'whole.jsonl')).code).toBe(0);
    const whole = jsonl(join(dir, 'whole.jsonl')).map((r) => JSON.stringify(withoutLabelFields(r)));
    expect(new Set(all).size).toBe(all.length);
    expect([...all].sort()).toEqual([...whole].sort());
  });
  it('--shard auto labels the shard the job engine names (Slurm, Kubernetes, matrix), and says which', () => {
    const dir = tmp();
    expect(cli('label', '--input', input, '--output', join(dir, 'k2.jsonl'), '--shard', '2/3').code).toBe(0);
    const records = (file: string) => jsonl(join(dir, file)).map((r) => JSON.stringify(withoutLabelFields(r)));
    const expected = records('k2.jsonl');
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(jsonl(input).length); // a part of the input, not all of it
    const engines: Array<[string, Record<string, string>, RegExp]> = [
      ['slurm', { SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_MIN: '4', SLURM_ARRAY_TASK_MAX: '6' }, /shard 2\/3 \(Slurm array task 5 of 4-6\)/],
      ['k8s', { JOB_COMPLETION_INDEX: '1', SFT_LABEL_SHARD_COUNT: '3' }, /shard 2\/3 \(Kubernetes Indexed Job/],
      ['matrix', { SFT_LABEL_SHARD_INDEX: '1', SFT_LABEL_SHARD_COUNT: '3' }, /shard 2\/3 \(SFT_LABEL_SHARD_INDEX=1/],
    ];
    for (const [name, env, note] of engines) {
      const r = runCliSync(['label', '--input', input, '--output', join(dir, `${name}.jsonl`), '--shard', 'auto'], { env });
      expect(r.stderr).toMatch(note);
      expect(r.code).toBe(0);
      expect(records(`${name}.jsonl`)).toEqual(expected);
    }
    const none = runCliSync(['label', '--input', input, '--output', join(dir, 'none.jsonl'), '--shard', 'auto']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--shard auto: no job engine found/);
  });
});

describe('sft-label label: LLM models', () => {
  it('labels through an OpenAI-compatible endpoint (the mock), with tokens and cost in the stats', async () => {
    const { startMockServer } = await import('../mock/index.js');
    const mock = await startMockServer({ confidence: 0.9 });
    try {
      const dir = tmp();
      const input = join(FORMATS, 'llamafactory_reason_tool_use_demo_50.subset.jsonl');
      const output = join(dir, 'labeled_llm.jsonl');
      const r = await runCli(['label', '--input', input, '--output', output, '--model', 'mock-model', '--base-url', mock.url, '--cache', 'off', '--limit', '6', '--concurrency', '3']);
      expect(r.stderr).toMatch(/labeled 6\/6/);
      expect(r.code).toBe(0);
      const s = stats(join(dir, 'stats_llm.json'));
      expect(s).toMatchObject({ model: 'mock-model', records_in: 6, labeled: 6, failed: 0 });
      expect(s.tokens.total).toBeGreaterThan(0);
      expect(s.calls.total).toBeGreaterThanOrEqual(12);
      expect(s.prompt_version).not.toBeNull();
      // The mock answers random schema-valid tags; label-set rules are the pipeline's business, tested there.
      for (const rec of jsonl(output)) expect(Object.keys(rec.labels as Labels).sort()).toEqual(taxonomy.dimensions.map((d) => d.id).sort());
    } finally {
      await mock.close();
    }
  });
});

describe('sft-label label: Ctrl-C', () => {
  it('stops on SIGINT with exit 130 and a resumable JSONL output', async () => {
    const { startMockServer } = await import('../mock/index.js');
    const mock = await startMockServer({ confidence: 0.95, latencyMs: 20 });
    try {
      const dir = tmp();
      const input = join(dir, 'in.jsonl');
      await synth(input, 300);
      const output = join(dir, 'o.jsonl');
      const args = ['label', '--input', input, '--output', output, '--model', 'mock-model', '--base-url', mock.url, '--cache', 'off', '--concurrency', '2', '--no-progress'];
      const run = (signalWhen?: () => boolean) => runCli(args, signalWhen ? { killWhen: signalWhen, killSignal: 'SIGINT', pollMs: 20 } : {});
      const monitor = join(dir, 'monitor_o.jsonl');
      // The monitor is flushed in 256 KB batches; the stats file appears at the first periodic write or the end.
      const first = await run(() => existsSync(monitor));
      expect(first.code).toBe(130);
      expect(first.stderr).toMatch(/interrupted: \d+ records done and written/);
      expect(stats(join(dir, 'stats_o.json')).complete).toBe(false);
      const second = await run();
      expect(second.code).toBe(0);
      const s = stats(join(dir, 'stats_o.json'));
      expect(s).toMatchObject({ records_in: 300, labeled: 300, complete: true });
      expect(jsonl(output)).toHaveLength(300);
    } finally {
      await mock.close();
    }
  });
});

describe('sft-label label: crash safety', () => {
  /** Start a run, SIGKILL it once `ready()` says it is mid-run; resolves when it has died. */
  async function killMidRun(args: string[], ready: () => boolean): Promise<boolean> {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore' });
    const exited = new Promise<void>((res) => child.on('exit', () => res()));
    let killed = false;
    for (let i = 0; i < 600 && child.exitCode === null; i++) {
      if (ready()) {
        killed = child.kill('SIGKILL');
        break;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    await exited;
    return killed;
  }

  it('never leaves a partial JSON array output when killed', async () => {
    const dir = tmp();
    const input = join(dir, 'big.jsonl');
    await synth(input, 40_000);
    const output = join(dir, 'labeled_big.json');
    const monitor = join(dir, 'monitor_big.jsonl');
    const killed = await killMidRun(['label', '--input', input, '--output', output, '--no-progress'], () => existsSync(monitor) && readFileSync(monitor).length > 0);
    expect(killed).toBe(true);
    if (existsSync(output)) expect(Array.isArray(JSON.parse(readFileSync(output, 'utf8')))).toBe(true);
    else expect(readdirSync(dir).some((f) => f.startsWith('.labeled_big.json.tmp-'))).toBe(true);
  });

  it('a JSONL run killed and started again loses and duplicates nothing', async () => {
    const dir = tmp();
    const input = join(dir, 'big.jsonl');
    await synth(input, 40_000);
    const output = join(dir, 'o.jsonl');
    const killed = await killMidRun(['label', '--input', input, '--output', output, '--no-progress'], () => existsSync(output) && readFileSync(output).length > 1_000_000);
    expect(killed).toBe(true);
    const r = cli('label', '--input', input, '--output', output, '--no-progress');
    expect(r.code).toBe(0);
    const s = stats(join(dir, 'stats_o.json'));
    expect(s.resumed).toBeGreaterThan(0);
    expect(s).toMatchObject({ records_in: 40_000, labeled: 40_000, failed: 0 });
    const got = jsonl(output).map((x) => JSON.stringify(withoutLabelFields(x)));
    expect(got).toHaveLength(40_000);
    expect(got).toEqual(jsonl(input).map((x) => JSON.stringify(x)));
  });
});
