import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../util/paths.js';
import { renderExperimentsDoc } from './experiment-doc.js';
import { ExperimentFileSchema } from './experiment.js';

describe('docs/EXPERIMENTS.md', () => {
  const doc = renderExperimentsDoc();

  it('is what the schema says (stale: run `npm run docs:experiments`)', () => {
    expect(readFileSync(packagePath('docs', 'EXPERIMENTS.md'), 'utf8')).toBe(doc);
  });

  it('has a row for every key of every object of the schema, with its default', () => {
    for (const key of Object.keys(ExperimentFileSchema.shape)) expect(doc).toContain(`| \`${key}\` |`);
    for (const section of ['## `matrix`', '## `options`', '## `gates`', '## `gates.dimensions.<dimension>`']) expect(doc).toContain(section);
    expect(doc).toMatch(/\| `repeats` \| integer 1\.\.50 \| `1` \|/);
    expect(doc).toMatch(/\| `max_tokens` \| integer 16\.\.200000 \| `2048` \|/);
    expect(doc).toMatch(/\| `gold` \| string \| \*\*required\*\* \|/);
  });
});

describe('the example in docs/EXPERIMENTS.md', () => {
  it('is a valid experiment', async () => {
    const { checkExperimentText } = await import('./experiment.js');
    const yaml = /```yaml\n([\s\S]*?)```/.exec(renderExperimentsDoc())![1]!;
    const r = checkExperimentText(yaml, packagePath('experiments', 'example.yaml'), { models: ['deepseek-v3.2', 'claude-sonnet-4.6'], prompts: ['v2', 'v3'] });
    expect(r.problems).toEqual([]);
  });
});
