import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
