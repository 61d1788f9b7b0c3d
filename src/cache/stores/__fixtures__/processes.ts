import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { packagePath } from '../../../util/paths.js';
import type { CacheEntry } from '../../entry.js';

export interface WriterJob {
  store: string;
  dir: string;
  url?: string;
  /** Writer number: its distinct keys are sha256(`writer-<who>-<i>`), model `model-<who>`. */
  who: number;
  distinct: number;
  /** Keys every writer stores: sha256(`shared-<i>`), model `shared-model`. */
  shared: number;
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
export const distinctKey = (who: number, i: number): string => sha256(`writer-${who}-${i}`);
export const sharedKey = (i: number): string => sha256(`shared-${i}`);

/**
 * Run one child process per job, all at once, each writing through the built cache (dist/; run
 * `npx tsc -p tsconfig.build.json` first). Resolves with each child's exit code and stderr.
 */
export function runWriters(jobs: WriterJob[]): Promise<Array<{ code: number | null; stderr: string }>> {
  const script = fileURLToPath(new URL('./cache-writer.mjs', import.meta.url));
  const dist = packagePath('dist', 'cache', 'index.js');
  return Promise.all(
    jobs.map(
      (job) =>
        new Promise<{ code: number | null; stderr: string }>((resolve) => {
          const child = spawn(process.execPath, [script, JSON.stringify({ ...job, dist })], { stdio: ['ignore', 'ignore', 'pipe'] });
          let stderr = '';
          child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
          child.on('exit', (code) => resolve({ code, stderr }));
        }),
    ),
  );
}

/** A valid cache entry for `key`. */
export function testEntry(key: string, model = 'test-model', createdAt = '2026-01-01T00:00:00.000Z'): CacheEntry {
  return {
    version: 1,
    key,
    created_at: createdAt,
    model,
    endpoint: 'https://api.example.com/v1',
    request: { temperature: 0, max_tokens: 64, response_format: 'json_object', sample_index: 0, messages: 2, describe: key.slice(0, 8) },
    result: { content: '{"ok": true}', reasoning: null, finish_reason: 'stop', usage: { prompt_tokens: 10, cached_tokens: 0, completion_tokens: 5 }, latency_ms: 1 },
  };
}

/** Run the built CLI from the package root; `env` is added to this process's environment. */
export function runCli(args: string[], env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [packagePath('bin', 'sft-label.js'), ...args], { encoding: 'utf8', cwd: packagePath(), env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
