import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../mock/index.js';
import { packagePath } from '../util/paths.js';
import { runCli } from './__fixtures__/run-cli.js';

// `sft-label doctor` through the BUILT CLI against provider personas (src/mock/personas.ts). `npm run build` first.
let mock: MockServer | null = null;
afterEach(async () => {
  await mock?.close();
  mock = null;
});
const tmp = (): string => mkdtempSync(join(tmpdir(), 'doctor-'));

describe('sft-label doctor', () => {
  it('one usable and one refused configuration: exit 1, the table names the status and the provider message', async () => {
    mock = await startMockServer({ persona: 'deepseek', confidence: [0.8, 1] });
    const r = await runCli(['doctor', '--model', 'deepseek-v4-flash', 'deepseek-chat', '--timeout', '10'], {
      env: { SFT_LABEL_BASE_URL: mock.url, SFT_LABEL_API_KEY: 'sk-test-doctor' },
      cwd: tmp(),
    });
    expect(r.code, r.stderr).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^configuration +endpoint +accepted +parsed +tags valid +cached tok \(2nd\) +served model +reasoning tok +latency +cost$/);
    expect(lines.find((l) => l.startsWith('deepseek-v4-flash '))).toMatch(/127\.0\.0\.1:\d+ +yes +yes +yes +\d+ +deepseek-flash +0 +[\d.]+ s +\$\d/);
    expect(lines.find((l) => l.startsWith('deepseek-chat '))).toMatch(/ NO +- +- /);
    expect(r.stdout).toMatch(/deepseek-chat: UNUSABLE: HTTP 400: Model Not Exist -> check the wire model name/);
    expect(r.stdout).toMatch(/1 of 2 configuration\(s\) unusable/);
    expect(r.stdout).not.toContain('sk-test-doctor');
    // Two samples for the usable one (2 calls each), one refused request for the other (never retried).
    expect(mock.stats.byStatus['400']).toBe(1);
  });

  it('the headline experiment through the seed LiteLLM proxy: every configuration usable, exit 0', async () => {
    mock = await startMockServer({ persona: 'litellm', confidence: [0.8, 1] });
    const r = await runCli(['doctor', packagePath('experiments', 'deepseek-vs-sonnet.yaml'), '--timeout', '10'], {
      env: { LITELLM_BASE_URL: mock.url, LITELLM_API_KEY: 'sk-test-proxy' },
      cwd: tmp(),
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/all 4 configuration\(s\) usable/);
    expect(r.stdout).toMatch(/deepseek-v3\.2__v2 .* deepseek\/deepseek-v4-flash /);
    expect(r.stdout).toMatch(/claude-sonnet-4\.6__v2 .* anthropic\/claude-sonnet-4-6 /);
  });

  it('says what to name when given nothing', async () => {
    const r = await runCli(['doctor'], { cwd: tmp() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/name what to check/);
  });
});
