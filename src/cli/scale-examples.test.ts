import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { shardFromEnv } from '../production/index.js';
import { packagePath } from '../util/paths.js';
import { buildProgram } from './main.js';
import { sftLabelInvocations, splitCommands } from './__fixtures__/shell-words.js';

/**
 * docs/examples: each engine's file parses, and every sft-label command in it is accepted by the real CLI parser
 * (commander, with the command's action replaced: nothing runs). The last command of each file is the merge.
 */

const example = (name: string): string => readFileSync(packagePath('docs', 'examples', name), 'utf8');

interface Parsed {
  command: string;
  flags: Record<string, unknown>;
  args: unknown[];
}

/** Parse `args` as `sft-label ARGS` would, without running the command. */
async function parseCli(args: string[]): Promise<Parsed> {
  const program = await buildProgram(args);
  let parsed: Parsed | null = null;
  const stub = (cmd: Command): void => {
    cmd.exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    cmd.action((...a: unknown[]) => {
      const self = a.at(-1) as Command;
      parsed = { command: self.name(), flags: self.opts(), args: a.slice(0, -2) };
    });
    cmd.commands.forEach(stub);
  };
  program.commands.forEach(stub);
  program.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  await program.parseAsync(args, { from: 'user' });
  if (!parsed) throw new Error(`no command ran for: ${args.join(' ')}`);
  return parsed;
}

/** Checks shared by the three engines: label with --shard auto and the shared limit, then merge of the outputs. */
async function checkCommands(script: string): Promise<{ label: Parsed; merge: Parsed }> {
  const calls = sftLabelInvocations(script);
  expect(calls.length).toBeGreaterThanOrEqual(2);
  const parsed = await Promise.all(calls.map(parseCli));
  const label = parsed.find((p) => p.command === 'label')!;
  const merge = parsed.at(-1)!;
  expect(label.flags).toMatchObject({ shard: 'auto', cacheStore: 'redis', sharedLimit: true });
  expect(merge.command).toBe('merge');
  // The merge's glob takes every shard output the label command writes (its index is a variable of the engine).
  const shards = globRegExp(String((merge.args[0] as string[])[0]));
  expect(String(label.flags.output)).toMatch(shards);
  expect(String(merge.flags.output)).not.toMatch(shards);
  return { label, merge };
}

/** A shell glob with `*` only, as a RegExp over the whole path. */
function globRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

describe('the CLI parser stub', () => {
  it('rejects an unknown flag and a missing required one, so the checks below could fail', async () => {
    await expect(parseCli(['label', '--input', 'a.jsonl', '--output', 'b.jsonl', '--shrad', 'auto'])).rejects.toThrow(/unknown option '--shrad'/);
    await expect(parseCli(['label', '--input', 'a.jsonl'])).rejects.toThrow(/--output/);
    expect((await parseCli(['merge', '--output', 'x.jsonl', 'a.jsonl', 'b.jsonl'])).args).toEqual([['a.jsonl', 'b.jsonl']]);
  });
  it('splits shell commands: continuations, quotes, sh -c and --wrap scripts', () => {
    expect(splitCommands('a "b c" \\\n  d; e && f # no\n')).toEqual([['a', 'b c', 'd'], ['e'], ['f']]);
    expect(sftLabelInvocations(`sbatch --wrap="sft-label merge --output 'x y' a*"`)).toEqual([['merge', '--output', 'x y', 'a*']]);
  });
});

describe('docs/examples', () => {
  it('kubernetes-indexed-job.yaml: an Indexed Job whose SFT_LABEL_SHARD_COUNT equals its completions, then a merge Job', async () => {
    const docs = parseAllDocuments(example('kubernetes-indexed-job.yaml')).map((d) => {
      expect(d.errors).toEqual([]);
      return d.toJS() as { kind: string; spec: { completionMode?: string; completions?: number; template: { spec: { containers: Array<{ command: string[]; args: string[]; env?: Array<{ name: string; value?: string }> }> } } } };
    });
    expect(docs.map((d) => d.kind)).toEqual(['Job', 'Job']);
    const [job, merge] = docs as [(typeof docs)[0], (typeof docs)[0]];
    expect(job.spec.completionMode).toBe('Indexed');
    const container = job.spec.template.spec.containers[0]!;
    expect(container.env?.find((e) => e.name === 'SFT_LABEL_SHARD_COUNT')?.value).toBe(String(job.spec.completions));
    const scripts = [job, merge].map((d) => d.spec.template.spec.containers[0]!).map((c) => (c.command.join(' ') === 'sh -c' ? c.args[0]! : [...c.command, ...c.args].join(' ')));
    const { label } = await checkCommands(scripts.join('\n'));
    expect(String(label.flags.output)).toContain('$JOB_COMPLETION_INDEX');
    expect(scripts[1]).toContain(`-ge ${job.spec.completions} ]`);
  });

  it('slurm-array.sbatch: an array over a range, task 0 queues the merge after every task succeeded', async () => {
    const text = example('slurm-array.sbatch');
    const range = /^#SBATCH --array=(\d+)-(\d+)/m.exec(text);
    expect(range).not.toBeNull();
    expect(text).toMatch(/--dependency="afterok:\$\{SLURM_ARRAY_JOB_ID\}"/);
    const { label } = await checkCommands(text);
    expect(String(label.flags.output)).toContain('${SLURM_ARRAY_TASK_ID}');
  });

  it('github-actions-matrix.yml: the shard variables come from the matrix, and the merge job needs the label jobs', async () => {
    const wf = parse(example('github-actions-matrix.yml')) as {
      jobs: { label: { env: Record<string, string>; strategy: { matrix: { shard: number[] } }; steps: Array<{ run?: string }> }; merge: { needs: string | string[]; steps: Array<{ run?: string }> } };
    };
    expect(wf.jobs.label.env).toMatchObject({ SFT_LABEL_SHARD_INDEX: '${{ strategy.job-index }}', SFT_LABEL_SHARD_COUNT: '${{ strategy.job-total }}' });
    expect([wf.jobs.merge.needs].flat()).toContain('label');
    const runs = [...wf.jobs.label.steps, ...wf.jobs.merge.steps].flatMap((s) => (s.run ? [s.run] : []));
    const { label } = await checkCommands(runs.join('\n'));
    expect(String(label.flags.output)).toContain('${{ matrix.shard }}');
    // The last matrix job's variables, as GitHub sets them (job-index is 0-based), give the last shard.
    const total = wf.jobs.label.strategy.matrix.shard.length;
    expect(shardFromEnv({ SFT_LABEL_SHARD_INDEX: String(total - 1), SFT_LABEL_SHARD_COUNT: String(total) })).toMatchObject({ k: total, n: total });
  });
});
