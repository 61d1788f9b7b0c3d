import { dirname, resolve } from 'node:path';
import { ConfigError } from '../errors/index.js';
import { loadLock } from '../production/index.js';
import { expandMatrix, type Experiment } from '../runner/index.js';
import { didYouMeanSuffix } from '../util/didyoumean.js';
import type { ResolvedCandidate } from './evaluate.js';

/**
 * gates.candidates with names checked before anything runs: each `config` and `compare_to` must be a configuration
 * of the experiment's matrix; a `compare_to` ending in .yaml/.yml is a production lock file (relative to the
 * experiment file) and stands for the configuration it names (`config:` in the lock, written by `promote`).
 * Every problem at once, as a ConfigError (exit 2).
 */
export function resolveCandidates(experiment: Experiment): ResolvedCandidate[] {
  const names = expandMatrix(experiment).map((c) => c.name);
  const problems: string[] = [];
  const known = (name: string, field: string): boolean => {
    if (names.includes(name)) return true;
    problems.push(`${experiment.file}: gates.candidates: ${field} "${name}" is not a configuration of this experiment${didYouMeanSuffix(name, names)} (configurations: ${names.join(', ')})`);
    return false;
  };
  const out: ResolvedCandidate[] = [];
  experiment.gates.candidates.forEach((c) => {
    let against = c.compare_to;
    if (/\.ya?ml$/i.test(against)) {
      const file = resolve(dirname(experiment.file), against);
      against = loadLock(file).config;
    }
    const ok = known(c.config, 'config') && known(against, against === c.compare_to ? 'compare_to' : `compare_to (${c.compare_to} names)`);
    if (ok && against === c.config) problems.push(`${experiment.file}: gates.candidates: ${c.config} is compared with itself`);
    else if (ok) out.push({ config: c.config, against });
  });
  if (problems.length) throw new ConfigError(`${experiment.file}: gates.candidates: ${problems.length} problem(s)`, problems, { file: experiment.file });
  return out;
}
