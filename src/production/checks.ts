import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { UsageError } from '../errors/index.js';
import type { LabelStats } from '../records/index.js';
import type { SidecarPaths } from '../records/paths.js';

type ResumeKey = NonNullable<LabelStats['resume_key']>;

/** Bytes of the input hashed for its fingerprint: enough to tell datasets apart, cheap for a 2 GB file. */
const HEAD_BYTES = 1024 * 1024;

/**
 * The input's size and the sha256 of its first `headBytes` bytes (default its first MiB, or all of a smaller file):
 * an input grown at the end keeps it, another file does not.
 */
export function inputFingerprint(path: string, headBytes = HEAD_BYTES): Pick<ResumeKey, 'input_bytes' | 'input_head_bytes' | 'input_head_sha256'> {
  const size = statSync(path).size;
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(Math.min(size, headBytes));
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, got);
      if (n === 0) break;
      got += n;
    }
    return { input_bytes: size, input_head_bytes: got, input_head_sha256: createHash('sha256').update(buf.subarray(0, got)).digest('hex') };
  } finally {
    closeSync(fd);
  }
}

/**
 * Resuming must not mix labelers, taxonomies, inputs or labeling options in one output: compare with the earlier
 * run's stats, when there are any (stats from before the resume key only have model and taxonomy checked).
 * A mismatch is a UsageError (exit 2) naming the output and what differs.
 */
export function checkSameRun(
  paths: { output: string } & SidecarPaths,
  run: { model: string; taxonomyVersion: string; input?: string; resumeKey?: ResumeKey },
): void {
  if (!existsSync(paths.stats)) return;
  let earlier: { model?: unknown; taxonomy_version?: unknown; input?: unknown; resume_key?: Partial<ResumeKey> };
  try {
    earlier = JSON.parse(readFileSync(paths.stats, 'utf8')) as typeof earlier;
  } catch {
    return; // unreadable stats are rewritten by this run
  }
  const refuse = (what: string): never => {
    throw new UsageError(`${paths.output} was made by another run (${what}; see ${paths.stats}); resuming it would mix two runs in one output: use --fresh to overwrite it, or another --output`, { file: paths.output });
  };
  const differs = (what: string, was: unknown, now: string): void => {
    if (typeof was === 'string' && was !== now) refuse(`${what} ${was}, now ${now}`);
  };
  differs('--model', earlier.model, run.model);
  differs('taxonomy', earlier.taxonomy_version, run.taxonomyVersion);
  const was = earlier.resume_key;
  const now = run.resumeKey;
  if (!was || !now) return;
  // As many bytes as the earlier run hashed: an input grown since still matches.
  const head = typeof was.input_head_bytes === 'number' && run.input ? inputFingerprint(run.input, was.input_head_bytes) : now;
  if (typeof was.input_head_sha256 === 'string' && (head.input_head_bytes !== was.input_head_bytes || was.input_head_sha256 !== head.input_head_sha256)) {
    refuse(`it was labeled from another input: ${String(earlier.input ?? 'an earlier file')} (${was.input_bytes ?? '?'} bytes), now ${run.input ?? 'this input'} (${now.input_bytes} bytes), whose first MiB differs`);
  }
  const changed = Object.keys({ ...was.options, ...now.options })
    .filter((k) => was.options && k in was.options && k in now.options && was.options[k] !== now.options[k])
    .map((k) => `${k} ${JSON.stringify(was.options![k])}, now ${JSON.stringify(now.options[k])}`);
  if (changed.length) refuse(`other options: ${changed.join('; ')}`);
}

/** Refuse paths that would overwrite the input or each other. */
export function checkDistinctPaths(input: string, paths: { output: string } & SidecarPaths): void {
  const inp = resolve(input);
  for (const [flag, p] of [['--output', paths.output], ['--stats', paths.stats], ['--monitor', paths.monitor]] as const) {
    if (resolve(p) === inp) throw new UsageError(`${flag} ${p} is the input file; choose another path`);
  }
  if (resolve(paths.stats) === resolve(paths.output) || resolve(paths.monitor) === resolve(paths.output)) {
    throw new UsageError(`--stats/--monitor must differ from --output ${paths.output}`);
  }
}
