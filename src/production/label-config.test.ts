import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../mock/index.js';
import { loadPromptVersion } from '../prompts/index.js';
import { runCli } from '../cli/__fixtures__/run-cli.js';
import { packagePath } from '../util/paths.js';
import { renderLock } from './lock.js';
import { promote } from './promote.js';

// `label --config LOCK` end to end: the built CLI against the mock; the lock's options must reach the wire.
const INPUT = packagePath('src', 'conversation', '__fixtures__', 'formats', 'llamafactory_reason_tool_use_demo_50.subset.jsonl');
const REPORT = packagePath('src', 'production', '__fixtures__', 'report', 'reports', 'exp1');

let mock: MockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

const run = (args: string[]) => runCli(args);

function writeLock(dir: string, patch: { model: string; prompt: string; temperature: number; max_tokens: number; hash?: string }): string {
  const lock = promote({ report: REPORT });
  lock.model = patch.model;
  lock.prompt_version = patch.prompt;
  lock.prompt_hash = patch.hash ?? loadPromptVersion(patch.prompt).hash;
  lock.options = { ...lock.options, temperature: patch.temperature, max_tokens: patch.max_tokens, arbitration: false };
  lock.pinned = {
    id: patch.model,
    wire_model: patch.model,
    entry: { tier: 'light', provider: 'mock', model: patch.model, response_format: 'json_schema', prices: null, token_param: 'max_tokens', send_temperature: true, reasoning: false },
    endpoint: null,
  };
  const path = join(dir, 'production.lock.yaml');
  writeFileSync(path, renderLock(lock, path));
  return path;
}

describe('sft-label label --config (production lock)', () => {
  it('labels with exactly the locked model, prompt version and options', async () => {
    mock = await startMockServer({ confidence: 0.95 });
    const dir = mkdtempSync(join(tmpdir(), 'lock-label-'));
    const lock = writeLock(dir, { model: 'mock-model', prompt: 'v1', temperature: 0.3, max_tokens: 777 });
    const output = join(dir, 'labeled_p.jsonl');
    const r = await run(['label', '--config', lock, '--base-url', mock.url, '--cache', 'off', '--limit', '3', '--input', INPUT, '--output', output, '--no-progress']);
    expect(r.stderr).toMatch(/labeled 3\/3/);
    expect(r.code).toBe(0);
    const bodies = mock.stats.seen.filter((s) => s.path.endsWith('/chat/completions')).map((s) => JSON.parse(s.body) as { temperature: number; max_tokens: number; model: string });
    expect(bodies.length).toBeGreaterThanOrEqual(6);
    for (const b of bodies) expect(b).toMatchObject({ model: 'mock-model', temperature: 0.3, max_tokens: 777 });
    const stats = JSON.parse(readFileSync(join(dir, 'stats_p.json'), 'utf8')) as { model: string; prompt_version: string };
    expect(stats).toMatchObject({ model: 'mock-model', prompt_version: 'v1' });
  });

  it('refuses a --model that contradicts the lock, and a prompt changed since it was promoted', async () => {
    mock = await startMockServer({});
    const dir = mkdtempSync(join(tmpdir(), 'lock-label-'));
    const lock = writeLock(dir, { model: 'mock-model', prompt: 'v1', temperature: 0, max_tokens: 100 });
    const base = ['label', '--config', lock, '--base-url', mock.url, '--cache', 'off', '--input', INPUT, '--output', join(dir, 'o.jsonl')];
    const model = await run([...base, '--model', 'rules']);
    expect(model.code).toBe(2);
    expect(model.stderr).toMatch(/--model rules contradicts .*production\.lock\.yaml \(model mock-model, prompt v1\)/);
    writeLock(dir, { model: 'mock-model', prompt: 'v1', temperature: 0, max_tokens: 100, hash: 'changed' });
    const changed = await run(base);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toMatch(/prompt v1 changed since it was promoted/);
  });
});

/** Request bodies the mock received for chat completions. */
const bodies = (m: MockServer) => m.stats.seen.filter((s) => s.path.endsWith('/chat/completions')).map((s) => JSON.parse(s.body) as { model: string; temperature: number; max_tokens: number });

describe('a lock that pins what ran (issue 19 item 4)', { timeout: 120_000 }, () => {
  it('run an experiment with an inline model -> promote -> label --config with nothing else sends the pinned wire model; another registry or a gateway is refused (exit 2)', async () => {
    mock = await startMockServer({ confidence: 0.95 });
    const dir = mkdtempSync(join(tmpdir(), 'lock-pin-'));
    const key = 'sk-test-never-in-a-lock-0042';
    // An inline model: its id is in no registry, its wire name differs from the id.
    writeFileSync(
      join(dir, 'exp.yaml'),
      `name: pin\ngold: ${packagePath('gold', 'v1')}\nmatrix:\n  models:\n    - id: house-labeler\n      tier: light\n      provider: mock\n` +
        `      model: mock-model\n      response_format: json_object\n      prices: { input: 1, cached_input: 0.1, output: 2, as_of: 2026-12, source: test }\n` +
        `      extra_body: { top_k: 7 }\n      base_url: ${mock.url}\n  prompts: [v1]\noptions:\n  limit: 3\n  arbitration: false\n  max_tokens: 900\n`,
    );
    const env = { SFT_LABEL_API_KEY: key, SFT_LABEL_CACHE_DIR: join(dir, 'cache') };
    const ran = await runCli(['run', 'exp.yaml', '--no-progress'], { cwd: dir, env });
    expect(ran.code).toBe(0);
    // A 3-sample run is partial: promote needs --force for it (issue 19 item 1) and says so.
    const promoted = await runCli(['promote', join(dir, 'reports', 'pin'), '--config', 'house-labeler__v1', '--force', '--out', join(dir, 'production.lock.yaml')], { cwd: dir });
    expect(promoted.stderr).toMatch(/^sft-label: warning: .*a partial run \(3 of \d+ gold samples.*promoted anyway \(--force\)\n$/);
    expect(promoted.code).toBe(0);
    const lockText = readFileSync(join(dir, 'production.lock.yaml'), 'utf8');
    expect(lockText).toMatch(/^version: 2$/m);
    expect(lockText).not.toContain(key);
    const host = new URL(mock.url).host;
    expect(lockText).toContain(`host: ${host}`);
    expect(lockText).toMatch(/wire_model: mock-model/);
    expect(lockText).toMatch(/top_k: 7/);
    expect(lockText).toMatch(/response_format: json_object/);

    // label --config needs nothing else: no --models, no --base-url (the pinned entry names its endpoint).
    const before = bodies(mock).length;
    const out = join(dir, 'labeled_prod.jsonl');
    const labeled = await runCli(['label', '--config', join(dir, 'production.lock.yaml'), '--input', INPUT, '--output', out, '--limit', '2', '--cache', 'off', '--no-progress'], { cwd: dir, env });
    expect(labeled.stderr).toMatch(/labeled 2\/2/);
    expect(labeled.code).toBe(0);
    const sent = bodies(mock).slice(before) as Array<Record<string, unknown>>;
    expect(sent.length).toBeGreaterThanOrEqual(4);
    for (const b of sent) expect(b).toMatchObject({ model: 'mock-model', max_tokens: 900, top_k: 7 });

    // Another registry that maps the id elsewhere contradicts the lock: exit 2 before any request.
    writeFileSync(join(dir, 'other.yaml'), `version: 1\nmodels:\n  house-labeler:\n    tier: light\n    provider: anthropic\n    model: claude-3-haiku\n    response_format: json_object\n    prices: null\n`);
    const n = bodies(mock).length;
    const other = await runCli(['label', '--config', join(dir, 'production.lock.yaml'), '--models', join(dir, 'other.yaml'), '--input', INPUT, '--output', join(dir, 'o2.jsonl'), '--cache', 'off', '--no-progress'], { cwd: dir, env });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/maps house-labeler to wire model "claude-3-haiku".*scored with "mock-model"/);
    // Through a gateway the wire name would be the id: refused too.
    const gw = await runCli(['label', '--config', join(dir, 'production.lock.yaml'), '--gateway', '--input', INPUT, '--output', join(dir, 'o3.jsonl'), '--cache', 'off', '--no-progress'], { cwd: dir, env });
    expect(gw.code).toBe(2);
    expect(gw.stderr).toMatch(/would send wire model "house-labeler" for house-labeler, the lock was scored sending "mock-model"/);
    // A response format other than the pinned one is a contradicting flag.
    const rf = await runCli(['label', '--config', join(dir, 'production.lock.yaml'), '--response-format', 'json_schema', '--input', INPUT, '--output', join(dir, 'o4.jsonl'), '--cache', 'off', '--no-progress'], { cwd: dir, env });
    expect(rf.code).toBe(2);
    expect(rf.stderr).toMatch(/--response-format json_schema contradicts/);
    expect(bodies(mock).length).toBe(n);
    expect(existsSync(join(dir, 'o2.jsonl'))).toBe(false);
  });

  it('an old (version 1) lock file still loads and labels, with a note that it pins no wire model', async () => {
    mock = await startMockServer({ confidence: 0.95 });
    const dir = mkdtempSync(join(tmpdir(), 'lock-v1-'));
    const lock = promote({ report: REPORT });
    const { pinned: _p, ...v1 } = { ...lock, version: 1, model: 'mock-model', prompt_version: 'v1', prompt_hash: loadPromptVersion('v1').hash, options: { ...lock.options, arbitration: false } };
    const path = join(dir, 'old.lock.yaml');
    writeFileSync(path, renderLock(v1 as unknown as Parameters<typeof renderLock>[0], path));
    expect(readFileSync(path, 'utf8')).toMatch(/^version: 1$/m);
    const r = await run(['label', '--config', path, '--base-url', mock.url, '--cache', 'off', '--limit', '1', '--input', INPUT, '--output', join(dir, 'o.jsonl'), '--no-progress']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/lock version 1\) does not pin the wire model of mock-model/);
    expect(bodies(mock)[0]).toMatchObject({ model: 'mock-model' });
  });
});
