import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliSync } from '../cli/__fixtures__/run-cli.js';
import { packagePath } from '../util/paths.js';

// Repeats are paid for (every sample labeled N times): the reports show them, not only metrics.json.
describe('repeats in report.md and report.html', () => {
  it('a run with repeats: 3 shows each repeat, mean, sd and range; a re-render shows the same', () => {
    const dir = mkdtempSync(join(tmpdir(), 'repeats-'));
    const exp = join(dir, 'rep.yaml');
    writeFileSync(exp, `name: rep\ngold: ${JSON.stringify(packagePath('gold', 'v1'))}\nmatrix:\n  models: [rules]\noptions:\n  repeats: 3\n  limit: 12\n  arbitration: false\n`);
    const out = join(dir, 'out');
    const r = runCliSync(['run', exp, '--out', out, '--no-progress'], { fullEnv: process.env });
    expect(r.code).toBe(0);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as { configs: { rules: { repeats: number[] } } };
    const values = metrics.configs.rules.repeats;
    expect(values).toHaveLength(3);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('### Repeats');
    // rules is deterministic: three equal repeats, sd 0.
    const v = values[0]!.toFixed(3);
    expect(md).toMatch(new RegExp(`\\| rules \\| 3 \\| ${v} \\| 0\\.000 \\| ${v} – ${v} \\| ${v}, ${v}, ${v} \\|`));
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('id="repeats-table"');
    expect(html).toContain(`<td class="name">${v}, ${v}, ${v}</td>`);
    expect(runCliSync(['report', out], { fullEnv: process.env }).code).toBe(0);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('### Repeats');
  }, 60_000);

  it('a run without repeats has no Repeats section', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'repeats-')), 'out');
    expect(runCliSync(['run', 'experiments/rules-baseline.yaml', '--out', out, '--limit', '5', '--no-progress'], { fullEnv: process.env }).code).toBe(0);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).not.toContain('### Repeats');
    expect(readFileSync(join(out, 'report.html'), 'utf8')).not.toContain('repeats-table');
  }, 60_000);
});
