import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCliSync } from './__fixtures__/run-cli.js';

const cli = (...args: string[]) => runCliSync(args, { fullEnv: process.env });
const dir = mkdtempSync(join(tmpdir(), 'exits-'));

describe('a reader that closes the pipe early (`| head -1`)', () => {
  it('taxonomy show --json: no stack trace, exit 0', async () => {
    const child = spawn(process.execPath, [BIN, 'taxonomy', 'show', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Read one chunk, then close our end as `head -1` does.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('an output path that cannot be written', () => {
  const input = join(dir, 'in.jsonl');
  writeFileSync(input, '{"conversations":[{"from":"human","value":"hi"},{"from":"gpt","value":"ok"}]}\n');
  const aFile = join(dir, 'a-file');
  writeFileSync(aFile, 'x');

  it('label --output under a file: one line naming the path, exit 2, no stack trace', () => {
    const r = cli('label', '--input', input, '--output', join(aFile, 'out.jsonl'), '--model', 'rules', '--no-progress');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`^sft-label: cannot (create folder|open) ${aFile}.*(ENOTDIR|EEXIST)`));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('run --out under a file: one line naming the path, exit 2', () => {
    const r = cli('run', 'experiments/rules-baseline.yaml', '--out', join(aFile, 'rep'), '--no-progress');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`sft-label: cannot create folder ${aFile}/rep.*: a part of the path is a file`));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a folder without write permission (skipped as root, who may write anywhere)', () => {
    if (process.getuid?.() === 0) return;
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    const r = cli('label', '--input', input, '--output', join(locked, 'out.jsonl'), '--model', 'rules', '--no-progress');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot open .*locked\/.*: permission denied \(EACCES\)/);
  });
});
