import { it } from 'vitest';
import { spawn } from 'node:child_process';
const spawnSync = (cmd: string, args: string[], o: { cwd: string; env: Record<string, string | undefined>; encoding: string }) => new Promise<{ status: number | null; stdout: string; stderr: string }>((res) => { const p = spawn(cmd, args, { cwd: o.cwd, env: o.env as NodeJS.ProcessEnv }); let stdout = ''; let stderr = ''; p.stdout.on('data', (d) => (stdout += d)); p.stderr.on('data', (d) => (stderr += d)); p.on('close', (status) => res({ status, stdout, stderr })); });
import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startMockServer } from '/work/main/src/mock/index.js';
import { goldMockScript } from '/work/main/src/gate/__fixtures__/gold-mock.js';

it('trial', async () => {
  const { script, unmatched } = await goldMockScript({ limit: 12 });
  const mock = await startMockServer({ script });
  const dir = mkdtempSync(join(tmpdir(), 'h12-'));
  writeFileSync(join(dir, 'exp.yaml'), `name: t\ngold: /work/main/gold/v1\nmatrix:\n  models: [rules, {id: mock-llm, tier: light, provider: mock, model: mock-model, response_format: json_schema, prices: null, base_url: "${mock.url}"}]\n  prompts: [v1]\noptions:\n  limit: 12\nbaseline: baseline.json\n`);
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, SFT_LABEL_API_KEY: 'dummy' };
  const r = await spawnSync('node', ['/work/main/bin/sft-label.js', 'baseline', 'update', 'exp.yaml', '--cache-dir', 'cache', '--no-progress'], { cwd: dir, env, encoding: 'utf8' });
  console.log(r.status, r.stdout, r.stderr.slice(0, 3000), 'requests', mock.stats.requests, 'unmatched', unmatched());
  const before = mock.stats.requests;
  const c = await spawnSync('node', ['/work/main/bin/sft-label.js', 'ci', 'exp.yaml', '--cache-dir', 'cache', '--no-progress', '--junit', 'j.xml'], { cwd: dir, env: { PATH: process.env.PATH }, encoding: 'utf8' });
  console.log(c.status, c.stdout, c.stderr.slice(0, 3000), 'requests', mock.stats.requests - before, dir);
  await mock.close();
}, 120000);
