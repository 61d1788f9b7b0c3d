import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../util/paths.js';
import { parseServeArgs } from './serve.js';

describe('parseServeArgs', () => {
  it('turns flags into options', () => {
    expect(parseServeArgs(['--port', '0', '--latency-ms', '200', '--fault-rate', '0.2', '--faults', 'reset,html_502', '--confidence', '0.7-1'])).toEqual({
      port: 0,
      latencyMs: 200,
      faultRate: 0.2,
      faults: ['reset', 'html_502'],
      confidence: [0.7, 1],
    });
    expect(parseServeArgs(['--latency-ms', '100-300', '--usage-style', 'deepseek', '--retry-after-s', '2'])).toMatchObject({
      latencyMs: [100, 300],
      usageStyle: 'deepseek',
      retryAfter: { seconds: 2 },
    });
    expect(parseServeArgs(['--retry-after-s', 'none'])).toEqual({ retryAfter: { none: true } });
  });
  it('names the flag on bad input', () => {
    expect(() => parseServeArgs(['--fault-rate', '2'])).toThrow(/--fault-rate: expected a number in \[0, 1\]/);
    expect(() => parseServeArgs(['--faults', 'reset,boom'])).toThrow(/unknown fault "boom"/);
    expect(() => parseServeArgs(['--nope'])).toThrow();
  });
});

// Runs the built file (npx tsc -p tsconfig.build.json); skipped when dist/ has not been built.
const SERVE = packagePath('dist', 'mock', 'serve.js');
describe.skipIf(!existsSync(SERVE))('node dist/mock/serve.js', () => {
  it('prints its URL, answers, and prints stats on SIGTERM', async () => {
    const child = spawn(process.execPath, [SERVE, '--port', '0', '--latency-ms', '5'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out.trim());
      });
      child.on('exit', () => reject(new Error(`exited early: ${err}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const res = await fetch(`${url}/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'm', messages: [] }) });
    expect(res.status).toBe(200);
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
    expect(JSON.parse(err.trim())).toMatchObject({ requests: 1, byStatus: { '200': 1 } });
  });
});
