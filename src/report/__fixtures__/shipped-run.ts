import { runExperiment } from '../../runner/index.js';
import { packagePath } from '../../util/paths.js';

/**
 * The shipped offline experiment (experiments/rules-baseline.yaml: the rules labeler over gold/v1) run into `outDir`
 * with the cache off, so the test renders exactly what `sft-label run` writes. Returns the run folder.
 */
export async function shippedExperimentRun(outDir: string): Promise<string> {
  const result = await runExperiment({
    experimentFile: packagePath('experiments', 'rules-baseline.yaml'),
    env: {},
    cacheMode: 'off',
    outDir,
    cwd: packagePath(),
    toolVersion: 'test',
  });
  return result.outDir;
}
