import { mkdtempSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.js';
import { listPromptVersions } from '../prompts/index.js';
import { packagePath } from '../util/paths.js';
import { checkExperimentText, loadExperiment, modelId, type ExperimentCatalog } from './experiment.js';

const CATALOG: ExperimentCatalog = {
  models: ['claude-opus-4.5', 'gpt-5', 'gemini-2.5-pro', 'claude-sonnet-4.6', 'deepseek-v3.2', 'qwen3-235b', 'gpt-4o-mini', 'deepseek-v3.1'],
  prompts: ['v1', 'v2'],
};
const NO_PATHS = { ...CATALOG, checkPaths: false };

const MINIMAL = 'name: t\ngold: g\nmatrix:\n  models: [deepseek-v3.2]\n  prompts: [v1]\n';

describe('checkExperimentText', () => {
  it('fills every default from the schema', () => {
    const { experiment, problems } = checkExperimentText(MINIMAL, '/x/exp.yaml', NO_PATHS);
    expect(problems).toEqual([]);
    expect(experiment).toMatchObject({
      taxonomy: '3.1',
      options: { concurrency: 8, limit: null, repeats: 1, arbitration: true, confidence_threshold: 0.65, temperature: 0, max_tokens: 2048 },
      gates: { metric: 'primary', max_drop: 0.02, require_significant: true, confidence: 0.95, underpowered: 'warn', dimensions: {}, correction: 'holm', candidates: [] },
      goldPath: '/x/g',
      baselinePath: null,
    });
  });

  it('checks gates.correction and gates.candidates, with did-you-mean on a candidate field', () => {
    const text = `${MINIMAL}gates:\n  correction: holmm\n  candidates:\n    - { config: a, compare_too: b }\n`;
    expect(checkExperimentText(text, '/x/exp.yaml', NO_PATHS).problems).toEqual([
      '/x/exp.yaml:7: gates.correction: Invalid option: expected one of "holm"|"bh"|"none"',
      '/x/exp.yaml:9: gates.candidates[0].compare_to: missing required field (string)',
      '/x/exp.yaml:9: gates.candidates[0].compare_too: unknown field "compare_too" (did you mean compare_to?)',
    ]);
    const ok = checkExperimentText(`${MINIMAL}gates:\n  correction: bh\n  candidates: [{ config: a, compare_to: prod.lock.yaml }]\n`, '/x/exp.yaml', NO_PATHS);
    expect(ok.experiment?.gates).toMatchObject({ correction: 'bh', candidates: [{ config: 'a', compare_to: 'prod.lock.yaml' }] });
  });

  it('resolves gold and baseline relative to the file, keeps absolute paths, reads a numeric taxonomy as a string', () => {
    const text = 'name: t\ngold: /data/gold\nbaseline: ../b/metrics.json\ntaxonomy: 3.1\nmatrix:\n  models: [rules]\n';
    const { experiment } = checkExperimentText(text, '/x/exp/e.yaml', NO_PATHS);
    expect(experiment?.goldPath).toBe('/data/gold');
    expect(experiment?.baselinePath).toBe('/x/b/metrics.json');
    expect(experiment?.taxonomy).toBe('3.1');
  });

  it('reports every problem at once with file:line, dotted path and did-you-mean', () => {
    const text = [
      'name: t', //                    1
      'gold: g', //                    2
      'taxonomy: "3.2"', //            3
      'matrix:', //                    4
      '  models:', //                  5
      '    - deepsek-v3.2', //         6
      '    - claude-sonnet-4.6', //    7
      '    - claude-sonnet-4.6', //    8
      '  prompts: [v1, v3]', //        9
      '  arbitration: [yes]', //       10
      'options:', //                   11
      '  concurency: 4', //            12
      '  temperature: 5', //           13
      'gates:', //                     14
      '  dimensions:', //              15
      '    intnet: { max_drop: 0.1 }', // 16
    ].join('\n');
    const { experiment, problems } = checkExperimentText(text, 'experiments/x.yaml', NO_PATHS);
    expect(experiment).toBeUndefined();
    expect(problems).toEqual(
      expect.arrayContaining([
        'experiments/x.yaml:6: matrix.models[0]: unknown model "deepsek-v3.2" (did you mean deepseek-v3.2 or deepseek-v3.1?)',
        'experiments/x.yaml:8: matrix.models[2]: model "claude-sonnet-4.6" is listed twice',
        expect.stringMatching(/^experiments\/x\.yaml:9: matrix\.prompts\[1\]: unknown prompt version "v3" \(did you mean v1 or v2\?\)$/),
        expect.stringMatching(/^experiments\/x\.yaml:10: matrix\.arbitration\[0\]: .*boolean/),
        'experiments/x.yaml:12: options.concurency: unknown field "concurency" (did you mean concurrency?)',
        expect.stringMatching(/^experiments\/x\.yaml:13: options\.temperature: /),
        'experiments/x.yaml:3: taxonomy: unknown taxonomy version "3.2" (known: 3.1)',
        'experiments/x.yaml:16: gates.dimensions.intnet: unknown dimension "intnet" (did you mean intent?)',
      ]),
    );
    expect(problems).toHaveLength(8);
    const lines = problems.map((p) => Number(/:(\d+): /.exec(p)?.[1]));
    expect(lines).toEqual([...lines].sort((a, b) => a - b)); // in file order
  });

  it('suggests the field meant by an unknown top-level key', () => {
    const { problems } = checkExperimentText('name: t\ngold: g\nmatirx:\n  models: [rules]\n', 'e.yaml', NO_PATHS);
    expect(problems).toEqual(['e.yaml:3: matirx: unknown field "matirx" (did you mean matrix?)', 'e.yaml: matrix: missing required field (object)']);
  });

  it('needs prompts for LLM models but not for rules alone; accepts inline models by id', () => {
    expect(checkExperimentText('name: t\ngold: g\nmatrix:\n  models: [gpt-5]\n', 'e.yaml', NO_PATHS).problems).toEqual([
      'e.yaml:4: matrix.prompts: LLM models need at least one prompt version (e.g. prompts: [v1])',
    ]);
    expect(checkExperimentText('name: t\ngold: g\nmatrix:\n  models: [rules]\n', 'e.yaml', NO_PATHS).problems).toEqual([]);
    const inline = 'name: t\ngold: g\nmatrix:\n  models: [{id: local-qwen, base_url: "http://127.0.0.1:8000/v1", model: qwen}]\n  prompts: [v1]\n';
    const { experiment, problems } = checkExperimentText(inline, 'e.yaml', NO_PATHS);
    expect(problems).toEqual([]);
    expect(experiment!.matrix.models.map(modelId)).toEqual(['local-qwen']);
    expect(experiment!.matrix.models[0]).toMatchObject({ base_url: 'http://127.0.0.1:8000/v1' });
  });

  it('names a missing gold folder and reports YAML syntax errors with their line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'exp-'));
    expect(checkExperimentText(MINIMAL, join(dir, 'e.yaml'), CATALOG).problems).toEqual([`${join(dir, 'e.yaml')}:2: gold: gold set ${join(dir, 'g')} does not exist`]);
    mkdirSync(join(dir, 'g'));
    expect(checkExperimentText(MINIMAL, join(dir, 'e.yaml'), CATALOG).problems).toEqual([]);
    expect(checkExperimentText('name: [t\n', 'e.yaml', CATALOG).problems[0]).toMatch(/^e\.yaml:\d+:\d+: /);
  });
});

describe('loadExperiment', () => {
  it('throws one ConfigError listing every problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'exp-'));
    writeFileSync(join(dir, 'bad.yaml'), 'name: "a b"\ngold: nowhere\nmatrix:\n  models: [gpt5]\n  prompts: [v1]\n');
    const err = (() => {
      try {
        loadExperiment(join(dir, 'bad.yaml'), CATALOG);
      } catch (e) {
        return e;
      }
    })() as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.problems).toHaveLength(3);
    expect(err.message).toMatch(/invalid experiment .*bad\.yaml: 3 problem\(s\)/);
    expect(err.message).toMatch(/unknown model "gpt5" \(did you mean gpt-5\?\)/);
  });

  it('every shipped experiment in experiments/ validates', () => {
    const files = readdirSync(packagePath('experiments')).filter((f) => f.endsWith('.yaml'));
    expect(files.sort()).toEqual(expect.arrayContaining(['ci.yaml', 'deepseek-vs-sonnet.yaml', 'rules-baseline.yaml']));
    const shipped = { ...CATALOG, prompts: listPromptVersions() };
    for (const f of files) {
      const e = loadExperiment(packagePath('experiments', f), shipped);
      expect(e.goldPath).toBe(packagePath('gold', 'v1'));
    }
    const ds = loadExperiment(packagePath('experiments', 'deepseek-vs-sonnet.yaml'), shipped);
    expect(ds.matrix.models).toEqual(['deepseek-v3.2', 'claude-sonnet-4.6']);
    expect(ds.matrix.prompts).toEqual(['v2', 'v3']);
    expect(loadExperiment(packagePath('experiments', 'ci.yaml'), shipped).options.limit).toBe(12);
  });
});
