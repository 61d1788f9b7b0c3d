import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { recordId } from '../conversation/index.js';
import { startMockServer, type MockServer } from '../mock/index.js';
import { runCli, runCliSync, startCli } from '../cli/__fixtures__/run-cli.js';
import { packagePath } from '../util/paths.js';

// Item 7 of issue 19 through the built CLI: one writer per output (a lock a dead owner does not leave stuck), resume
// refused on another input or other options, merge refused on an incomplete shard set.
let mock: MockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
const tmp = (): string => mkdtempSync(join(tmpdir(), 'exclusive-'));
const lines = (p: string): Array<Record<string, unknown>> => readFileSync(p, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function synth(path: string, n: number, seed: number): Promise<void> {
  const m = (await import(pathToFileURL(packagePath('bench', 'synth.mjs')).href)) as { writeSyntheticJsonl(p: string, n: number, seed?: number): Promise<void> };
  await m.writeSyntheticJsonl(path, n, seed);
}
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !cond(); i++) await sleep(10);
  if (!cond()) throw new Error('condition never met');
}

describe('one writer per output', () => {
  it('a second label on the same output is refused (exit 2) while the first lives; the first completes alone with no duplicate id', async () => {
    mock = await startMockServer({ confidence: 0.95, latencyMs: 200 });
    const dir = tmp();
    const input = join(dir, 'in.jsonl');
    await synth(input, 30, 3);
    const output = join(dir, 'o.jsonl');
    const args = ['label', '--model', 'mock-model', '--base-url', mock.url, '--cache', 'off', '--no-arbitration', '--concurrency', '4', '--input', input, '--output', output, '--no-progress'];
    const first = startCli(args, { env });
    await until(() => existsSync(`${output}.lock`) && mock!.stats.requests > 0);
    const owner = JSON.parse(readFileSync(`${output}.lock`, 'utf8')) as { pid: number; host: string; started_at: string };
    expect(owner.pid).toBe(first.child.pid);
    const second = await runCli(args, { env });
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`output ${output} is being written by process ${owner.pid}`);
    const r = await first.done;
    expect(r.code).toBe(0);
    expect(existsSync(`${output}.lock`)).toBe(false);
    const ids = lines(output).map((x) => recordId(x));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(lines(input).map((x) => recordId(x)));
  });

  it('a killed owner does not leave the output stuck: the next run takes the lock over and finishes', async () => {
    mock = await startMockServer({ confidence: 0.95, latencyMs: 200 });
    const dir = tmp();
    const input = join(dir, 'in.jsonl');
    await synth(input, 30, 4);
    const output = join(dir, 'o.jsonl');
    const args = ['label', '--model', 'mock-model', '--base-url', mock.url, '--cache', 'off', '--no-arbitration', '--concurrency', '4', '--input', input, '--output', output, '--no-progress'];
    const first = await runCli(args, { env, killWhen: () => existsSync(`${output}.lock`) && mock!.stats.requests >= 8, pollMs: 5 });
    expect(first.signal).toBe('SIGKILL');
    expect(existsSync(`${output}.lock`)).toBe(true); // left behind by the dead owner
    const second = await runCli(args, { env });
    expect(second.code).toBe(0);
    expect(existsSync(`${output}.lock`)).toBe(false);
    expect(lines(output).map((x) => recordId(x))).toEqual(lines(input).map((x) => recordId(x)));
  });

  it('a second run into the same report folder is refused while the first lives', async () => {
    mock = await startMockServer({ confidence: 0.95, latencyMs: 150 });
    const dir = tmp();
    const file = join(dir, 'busy.yaml');
    writeFileSync(file, `name: busy\ngold: ${packagePath('gold', 'v1')}\nmatrix:\n  models: [deepseek-v3.2]\n  prompts: [v3]\noptions:\n  limit: 12\n  concurrency: 2\n  arbitration: false\n`);
    const runEnv = { ...env, SFT_LABEL_BASE_URL: mock.url, SFT_LABEL_API_KEY: 'k-test', SFT_LABEL_CACHE_DIR: join(dir, 'cache') };
    const first = startCli(['run', file, '--no-progress'], { env: runEnv, cwd: dir });
    const lock = join(dir, 'reports', 'busy', 'run.lock');
    await until(() => existsSync(lock));
    const second = await runCli(['run', file, '--no-progress'], { env: runEnv, cwd: dir });
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/report folder .*busy is being written by process \d+/);
    expect((await first.done).code).toBe(0);
    expect(existsSync(lock)).toBe(false);
  });
});

describe('resume refuses to mix', () => {
  it('another input into an existing output: exit 2 naming the output; --fresh overwrites', () => {
    const dir = tmp();
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl');
    const rec = (id: string, q: string) => JSON.stringify({ id, messages: [{ role: 'user', content: q }, { role: 'assistant', content: 'ok' }] });
    writeFileSync(a, `${rec('a1', 'sort a list in python')}\n${rec('a2', 'fix my sql')}\n`);
    writeFileSync(b, `${rec('b1', 'write a bash loop')}\n`);
    const output = join(dir, 'o.jsonl');
    expect(runCliSync(['label', '--input', a, '--output', output], { env }).code).toBe(0);
    const r = runCliSync(['label', '--input', b, '--output', output], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(output);
    expect(r.stderr).toMatch(/another input: .*a\.jsonl .* now .*b\.jsonl/);
    expect(lines(output).map((x) => x.id)).toEqual(['a1', 'a2']);
    // The same input grown by a record still resumes.
    writeFileSync(a, `${readFileSync(a, 'utf8')}${rec('a3', 'explain this regex')}\n`);
    const grown = runCliSync(['label', '--input', a, '--output', output], { env });
    expect(grown.code).toBe(0);
    expect(lines(output).map((x) => x.id)).toEqual(['a1', 'a2', 'a3']);
    expect(runCliSync(['label', '--input', b, '--output', output, '--fresh'], { env }).code).toBe(0);
    expect(lines(output).map((x) => x.id)).toEqual(['b1']);
  });

  it('other options (another shard; another prompt or arbitration for an LLM) into an existing output: exit 2', async () => {
    const dir = tmp();
    const input = join(dir, 'in.jsonl');
    await synth(input, 20, 5);
    const output = join(dir, 'o.jsonl');
    expect(runCliSync(['label', '--input', input, '--output', output, '--shard', '1/2'], { env }).code).toBe(0);
    const r = runCliSync(['label', '--input', input, '--output', output, '--shard', '2/2'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/other options: shard "1\/2", now "2\/2"/);

    mock = await startMockServer({ confidence: 0.95, latencyMs: 1 });
    const llm = join(dir, 'llm.jsonl');
    const base = ['label', '--model', 'mock-model', '--base-url', mock.url, '--cache', 'off', '--input', input, '--output', llm, '--limit', '3', '--no-progress'];
    expect((await runCli(base, { env })).code).toBe(0);
    const more = base.map((a) => (a === '3' ? '6' : a));
    const other = await runCli([...more, '--no-arbitration'], { env });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/arbitration true, now false/);
    // A larger --limit with the same options resumes.
    expect((await runCli(more, { env })).code).toBe(0);
    expect(lines(llm)).toHaveLength(6);
  });
});

describe('merge checks the shard set', () => {
  it('2 of 3 shards: exit 1 naming the missing one, nothing written; an unfinished shard too; all 3: merged', async () => {
    const dir = tmp();
    const input = join(dir, 'in.jsonl');
    await synth(input, 60, 6);
    const shards = [1, 2, 3].map((k) => join(dir, `labeled_s${k}.jsonl`));
    for (const [i, out] of shards.entries()) expect(runCliSync(['label', '--input', input, '--output', out, '--shard', `${i + 1}/3`, '--no-progress'], { env }).code).toBe(0);
    const merged = join(dir, 'labeled_all.jsonl');
    const partial = runCliSync(['merge', '--output', merged, shards[0]!, shards[2]!], { env });
    expect(partial.code).toBe(1);
    expect(partial.stderr).toContain('shard(s) 2/3 missing: 2 of 3 given');
    expect(existsSync(merged)).toBe(false);
    // An interrupted shard (its stats say complete: false).
    const stats2 = join(dir, 'stats_s2.json');
    const s2 = readFileSync(stats2, 'utf8');
    writeFileSync(stats2, s2.replace('"complete": true', '"complete": false'));
    const unfinished = runCliSync(['merge', '--output', merged, ...shards], { env });
    expect(unfinished.code).toBe(1);
    expect(unfinished.stderr).toContain(`${shards[1]}: not finished`);
    // --allow-incomplete writes it, marked incomplete.
    const allowed = runCliSync(['merge', '--allow-incomplete', '--output', merged, shards[0]!, shards[2]!], { env });
    expect(allowed.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'stats_all.json'), 'utf8')).complete).toBe(false);
    writeFileSync(stats2, s2);
    const whole = runCliSync(['merge', '--output', merged, ...shards], { env });
    expect(whole.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'stats_all.json'), 'utf8')).complete).toBe(true);
    expect(new Set(lines(merged).map((x) => recordId(x)))).toEqual(new Set(lines(input).map((x) => recordId(x))));
  });
});
