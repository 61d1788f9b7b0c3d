import { describe, expect, it } from 'vitest';
import { checkExperimentText } from './experiment.js';
import { axisSuffix, expandMatrix } from './matrix.js';

const CATALOG = { models: ['deepseek-v3.2', 'claude-sonnet-4.6', 'gpt-5'], prompts: ['v1', 'v2'], checkPaths: false };

function exp(matrix: string, options = '') {
  const { experiment, problems } = checkExperimentText(`name: t\ngold: g\nmatrix:\n${matrix}\n${options}`, 'e.yaml', CATALOG);
  if (!experiment) throw new Error(problems.join('\n'));
  return experiment;
}

describe('expandMatrix', () => {
  it('makes model x prompt configurations with stable names, models outermost', () => {
    const configs = expandMatrix(exp('  models: [deepseek-v3.2, claude-sonnet-4.6]\n  prompts: [v1, v2]'));
    expect(configs.map((c) => c.name)).toEqual(['deepseek-v3.2__v1', 'deepseek-v3.2__v2', 'claude-sonnet-4.6__v1', 'claude-sonnet-4.6__v2']);
    expect(configs[1]).toMatchObject({ model: 'deepseek-v3.2', prompt: 'v2', axes: {} });
  });

  it('runs a model that takes no prompt once, whatever the prompts and option axes say', () => {
    const configs = expandMatrix(exp('  models: [rules, gpt-5]\n  prompts: [v1, v2]\n  arbitration: [true, false]'));
    expect(configs.map((c) => c.name)).toEqual(['rules', 'gpt-5__v1__arb-on', 'gpt-5__v1__arb-off', 'gpt-5__v2__arb-on', 'gpt-5__v2__arb-off']);
    expect(configs[0]).toMatchObject({ prompt: null, axes: {} });
  });

  it('applies axis values to options and names only axes with more than one value', () => {
    const configs = expandMatrix(exp('  models: [gpt-5]\n  prompts: [v1]\n  temperature: [0, 0.3]\n  arbitration: [false]', 'options:\n  arbitration: true\n  temperature: 0.7'));
    expect(configs.map((c) => c.name)).toEqual(['gpt-5__v1__t0', 'gpt-5__v1__t0.3']);
    expect(configs.map((c) => [c.options.temperature, c.options.arbitration])).toEqual([[0, false], [0.3, false]]);
    expect(configs[1]!.axes).toEqual({ temperature: 0.3 });
  });

  it('crosses several axes in a fixed order and keeps every name unique', () => {
    const configs = expandMatrix(exp('  models: [gpt-5, deepseek-v3.2]\n  prompts: [v1, v2]\n  temperature: [0.3, 0]\n  arbitration: [true, false]\n  confidence_threshold: [0.5, 0.8]'));
    expect(configs).toHaveLength(2 * 2 * 2 * 2 * 2);
    expect(new Set(configs.map((c) => c.name)).size).toBe(32);
    expect(configs[0]!.name).toBe('gpt-5__v1__arb-on__t0.3__ct0.5');
  });

  it('lets the caller say which models take a prompt, and makes inline ids safe as file names', () => {
    const e = exp('  models: [{id: "local/qwen", base_url: "http://127.0.0.1:1/v1"}, gpt-5]\n  prompts: [v1]');
    const configs = expandMatrix(e, { takesPrompt: (m) => m !== 'gpt-5' });
    expect(configs.map((c) => c.name)).toEqual(['local-qwen__v1', 'gpt-5']);
    expect(configs[0]!.modelRef).toMatchObject({ id: 'local/qwen' });
  });

  it('is pure: the experiment is not changed and equal input gives equal output', () => {
    const e = exp('  models: [gpt-5]\n  prompts: [v1]\n  temperature: [0, 1]');
    const before = JSON.stringify(e);
    expect(expandMatrix(e)).toEqual(expandMatrix(e));
    expect(JSON.stringify(e)).toBe(before);
  });
});

describe('axisSuffix', () => {
  it('spells each axis value', () => {
    expect([axisSuffix('arbitration', false), axisSuffix('temperature', 0.3), axisSuffix('confidence_threshold', 0.5), axisSuffix('max_tokens', 2048)]).toEqual([
      'arb-off', 't0.3', 'ct0.5', 'mt2048',
    ]);
  });
});

describe('expandCascades', () => {
  it('crosses each cascade with the prompt versions; a model only in a cascade is labeled too', async () => {
    const { expandMatrix, expandCascades } = await import('./matrix.js');
    const experiment = {
      matrix: { models: ['a'], prompts: ['v1', 'v3'], cascades: [['a', 'b']] as Array<[string, string]> },
      options: { concurrency: 8, limit: null, repeats: 1, arbitration: false, confidence_threshold: 0.65, temperature: 0, max_tokens: 2048 },
    };
    const configs = expandMatrix(experiment);
    expect(configs.map((c) => c.name)).toEqual(['a__v1', 'a__v3', 'b__v1', 'b__v3']);
    const cascades = expandCascades(experiment, configs);
    expect(cascades.map((c) => [c.name, c.model, c.first.name, c.then.name])).toEqual([
      ['a__then__b__v1', 'a -> b', 'a__v1', 'b__v1'],
      ['a__then__b__v3', 'a -> b', 'a__v3', 'b__v3'],
    ]);
  });
});
