import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.js';
import { loadTaxonomy } from '../taxonomy/index.js';
import { packagePath } from '../util/paths.js';
import { guideSections, parseGuide } from './guide.js';

const taxonomy = loadTaxonomy();
const guide = readFileSync(packagePath('docs', 'ANNOTATION_GUIDE.md'), 'utf8');

describe('guideSections', () => {
  it('splits at `## ` headings, numbered or not', () => {
    expect(guideSections('# T\nintro\n## 1. One (x)\nbody 1\n\n## Notes\nbody n\n')).toEqual([
      { number: 1, title: 'One (x)', body: 'body 1' },
      { number: null, title: 'Notes', body: 'body n' },
    ]);
  });
});

describe('parseGuide', () => {
  it('finds the section of every dimension, the principles, the multi-turn rules and the clarifications', () => {
    const g = parseGuide(guide, taxonomy.dimensions, 'docs/ANNOTATION_GUIDE.md');
    expect(Object.keys(g.byDimension)).toEqual(taxonomy.dimensions.map((d) => d.id));
    expect(g.byDimension.intent?.body).toMatch(/^Walk this list/);
    expect(g.byDimension.context?.title).toMatch(/^Context/);
    expect(g.principles).toMatch(/Label the whole conversation/);
    expect(g.multiTurn).toMatch(/Multi-select dimensions/);
    expect(g.clarifications.title).toBe('Clarifications from adjudication (gold v1)');
  });

  it('names every missing section at once', () => {
    const broken = guide.replace('## 3. Domain', '## 3. Domian').replace('## Clarifications', '## Notes');
    let err: ConfigError | undefined;
    try {
      parseGuide(broken, taxonomy.dimensions, 'g.md');
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect(err?.problems).toEqual(['g.md: no numbered section for dimension Domain (a heading "## N. Domain ...")', 'g.md: no section "## Clarifications ..."']);
  });
});
