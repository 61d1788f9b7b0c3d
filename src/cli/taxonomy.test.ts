import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../util/paths.js';
import { runCliSync } from './__fixtures__/run-cli.js';

/** Run the built CLI as a user would. */
const cli = (...args: string[]) => runCliSync(args, { fullEnv: process.env });

describe('sft-label taxonomy', () => {
  it('show --json lists exactly the 221 tags of the shared YAML, in 9 dimensions', () => {
    const r = cli('taxonomy', 'show', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { version: string; dimensions: Array<{ id: string; tags: Array<{ id: string }> }>; consistency_rules: unknown[] };
    expect(json.version).toBe('3.1');
    expect(json.dimensions).toHaveLength(9);
    const ids = json.dimensions.flatMap((d) => d.tags.map((t) => `${d.id}/${t.id}`));
    expect(ids).toHaveLength(221);
    expect(new Set(ids).size).toBe(221);
    // Cross-check against the YAML text itself: every `      - id:` line under dimensions is a tag.
    const yaml = readFileSync(packagePath('src', 'taxonomy', 'v3.1.yaml'), 'utf8');
    const tagLines = yaml.match(/^ {6}- id: (\S+)$/gm) ?? [];
    expect(tagLines).toHaveLength(221);
    expect(json.consistency_rules).toHaveLength(15);
  });

  it('show prints a readable summary', () => {
    const r = cli('taxonomy', 'show');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/9 dimensions, 221 tags/);
    expect(r.stdout).toMatch(/Difficulty \(difficulty\) call 1, single, ordinal/);
  });

  it('validate passes on the bundled file and exits 2 listing every problem of a broken one', () => {
    expect(cli('taxonomy', 'validate').code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'taxcli-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, readFileSync(packagePath('src', 'taxonomy', 'v3.1.yaml'), 'utf8').replace('total_tags: 221', 'total_tags: 7').replace('min: 1\n    max: 10', 'min: 11\n    max: 10'));
    const r = cli('taxonomy', 'validate', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`invalid taxonomy ${file}: 2 problem(s)`);
    expect(r.stderr).toMatch(/total_tags says 7/);
    expect(r.stderr).toMatch(/min 11 is greater than max 10/);
  });

  it('an unknown command is a usage error (exit 2)', () => {
    const r = cli('frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command/);
  });
});
