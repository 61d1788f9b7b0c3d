import { describe, expect, it } from 'vitest';
import { packagePath } from '../../util/paths.js';
import { runCliSync } from '../__fixtures__/run-cli.js';

/** Run the built CLI as a user would (build first: npx tsc -p tsconfig.build.json). */
const cli = (...args: string[]) => runCliSync(args, { fullEnv: { PATH: process.env.PATH ?? '' } });

const INPUT = packagePath('src', 'labelers', 'llm', '__fixtures__', 'estimate-input.jsonl');

describe('sft-label estimate', () => {
  it('prints per-sample and total tokens and dollars without any endpoint, reporting a bad record', () => {
    const r = cli('estimate', '--input', INPUT, '--model', 'deepseek-v3.2', '--prompt-version', 'v1');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/estimate: 3 samples \(1 unreadable skipped\), model deepseek-v3.2 \(deepseek-ai\/DeepSeek-V3.2, json_object\), prompt v1/);
    expect(r.stdout).toMatch(/per sample\s+[\d,]+\s+[\d,]+\s+[\d,]+\s+\$\d/);
    expect(r.stdout).toMatch(/total\s+[\d,]+\s+[\d,]+\s+[\d,]+\s+\$\d/);
    expect(r.stdout).toMatch(/assumptions: arbitration for 25% of samples/);
    expect(r.stderr).toMatch(/estimate-input\.jsonl: record line 3: .*\(skipped\)/);
  });

  it('writes JSON with one row per sample, honours --limit and --no-arbitration', () => {
    const r = cli('estimate', '--input', INPUT, '--model', 'gpt-5', '--limit', '2', '--no-arbitration', '--json');
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout) as { prompt_version: string; samples: { id: string; cost_usd: number }[]; assumptions: { arbitrationRate: number }; total: { cost_usd: number } };
    expect(e.prompt_version).toBe('v3');
    expect(e.samples.map((s) => s.id)).toEqual(['e1', 'e2']);
    expect(e.assumptions.arbitrationRate).toBe(0);
    expect(e.total.cost_usd).toBeGreaterThan(0);
  });

  it('compares prompt versions: tokens per call, cacheable share and $/sample warm for each', () => {
    const r = cli('estimate', '--input', INPUT, '--model', 'deepseek-v3.2', '--prompt-version', 'v2,v3');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/prompt v2\n/);
    expect(r.stdout).toMatch(/prompt v3\n/);
    const table = r.stdout.slice(r.stdout.indexOf('per prompt version'));
    expect(table).toMatch(/^ {2}v2 +[\d,]+ +\d+% +[\d,]+ +\d+% +\$0\.\d{6}$/m);
    const v3 = /^ {2}v3 +[\d,]+ +(\d+)% +[\d,]+ +(\d+)% +\$0\.\d{6}$/m.exec(table);
    expect(Number(v3?.[2])).toBeGreaterThanOrEqual(85);

    const json = cli('estimate', '--input', INPUT, '--model', 'deepseek-v3.2', '--prompt-version', 'v2,v3', '--json');
    const e = JSON.parse(json.stdout) as { estimates: { prompt_version: string; calls: { call2: { cacheable_share: number } }; warm: { cost_usd: number } }[] };
    expect(e.estimates.map((x) => x.prompt_version)).toEqual(['v2', 'v3']);
    expect(e.estimates[1]!.calls.call2.cacheable_share).toBeGreaterThan(e.estimates[0]!.calls.call2.cacheable_share);
    expect(e.estimates[1]!.warm.cost_usd).toBeGreaterThan(0);
  });

  it('estimates an unlisted model without a price and rejects bad flags with exit 2', () => {
    const r = cli('estimate', '--input', INPUT, '--model', 'my-local-llm', '--prompt-version', 'v1');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/n\/a \(no price for this model\)/);
    expect(cli('estimate', '--input', INPUT, '--model', 'gpt-5', '--prompt-version', 'v3x').code).toBe(2);
    expect(cli('estimate', '--input', INPUT, '--model', 'gpt-5', '--arbitration-rate', '2').code).toBe(2);
  });
});
