import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.js';
import { checkTaxonomyText, DEFAULT_TAXONOMY_PATH, loadTaxonomy, snapshotTaxonomy } from './load.js';
import { taxonomyToJson } from './json.js';
import { snapshotPathFor } from './snapshot.js';
import { normaliseTagSpelling } from './taxonomy.js';

const sharedYaml = join(DEFAULT_TAXONOMY_PATH(), '..', '..', '..', '..', 'shared', 'taxonomy', 'taxonomy-v3.1.yaml');

describe('loadTaxonomy', () => {
  it('loads the bundled v3.1 with 9 dimensions and 221 tags', () => {
    const tax = loadTaxonomy();
    expect(tax.version).toBe('3.1');
    expect(tax.dimensions.map((d) => d.id)).toEqual([
      'intent', 'language', 'domain', 'task', 'difficulty', 'concept', 'agentic', 'constraint', 'context',
    ]);
    expect(tax.tagCount).toBe(221);
    expect(tax.file.consistency_rules).toHaveLength(15);
    expect(tax.file.signals.map((s) => s.id)).toContain('fence_languages');
  });

  it('keeps every field of the YAML: aliases, rank, typical_intents, none_tag, ordered', () => {
    const tax = loadTaxonomy();
    expect(tax.byId.get('difficulty')?.tags.map((t) => t.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(tax.ordinalLevels.get('difficulty')).toEqual(['trivial', 'easy', 'intermediate', 'advanced', 'expert']);
    expect(tax.byId.get('task')?.ordered).toBe(true);
    expect(tax.byId.get('task')?.tags.every((t) => (t.typical_intents ?? []).length > 0)).toBe(true);
    expect(tax.byId.get('language')?.none_tag).toBe('none');
    expect(tax.aliasesByDim.get('language')?.get('py')).toBe('python');
    expect(tax.aliasesByDim.get('intent')?.get('fix')).toBe('debug');
  });

  it('is byte-identical to the shared source it was copied from, when that is present', () => {
    let shared: string;
    try {
      shared = readFileSync(sharedYaml, 'utf8');
    } catch {
      return; // shared/ is not beside the project on every machine
    }
    expect(readFileSync(DEFAULT_TAXONOMY_PATH(), 'utf8')).toBe(shared);
  });

  it('lists every problem of a malformed taxonomy at once, with file and line', () => {
    const good = readFileSync(DEFAULT_TAXONOMY_PATH(), 'utf8');
    const broken = good
      .replace('total_tags: 221', 'total_tags: 222')
      .replace('      - id: debug\n', '      - id: build\n')
      .replace('    none_tag: none\n', '    none_tag: nothing\n')
      .replace('then: {dimension: agentic, has_other_than: [none]}', 'then: {dimension: agentic, has_other_than: [nonee]}')
      .replace('{signal: user_turns, gte: 2}', '{signal: human_turns, gte: 2}');
    const dir = mkdtempSync(join(tmpdir(), 'tax-'));
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, broken);
    const problems = checkTaxonomyText(broken, file);
    expect(problems.length).toBeGreaterThanOrEqual(5);
    const text = problems.join('\n');
    expect(text).toMatch(/total_tags says 222 but the dimensions list 221 tags/);
    expect(text).toMatch(/duplicate tag id "build" in intent/);
    expect(text).toMatch(/none_tag "nothing" is not a tag of language/);
    expect(text).toMatch(/tag "nonee" is not in dimension agentic/);
    expect(text).toMatch(/unknown signal "human_turns"/);
    for (const p of problems) expect(p).toMatch(new RegExp(`^${file.replace(/[/.]/g, '\\$&')}:\\d+: `));
    expect(() => loadTaxonomy({ path: file })).toThrow(ConfigError);
  });

  it('reports schema problems with their dotted path and YAML syntax errors with line:col', () => {
    const file = 'x.yaml';
    const schemaBad = checkTaxonomyText('taxonomy: t\nversion: "1"\ntotal_tags: 1\ndimensions:\n  - id: a\n    name: A\n    call: 3\n', file);
    expect(schemaBad.join('\n')).toMatch(/dimensions\[0\]\.call/);
    const syntaxBad = checkTaxonomyText('taxonomy: [unclosed\n', file);
    expect(syntaxBad[0]).toMatch(/^x\.yaml:\d+:\d+: /);
  });

  it('throws ConfigError naming a missing file', () => {
    expect(() => loadTaxonomy({ path: '/nonexistent/tax.yaml' })).toThrow(/cannot read taxonomy file \/nonexistent\/tax\.yaml/);
  });
});

describe('taxonomy snapshot', () => {
  const copy = (text: string): { dir: string; file: string; snap: string } => {
    const dir = mkdtempSync(join(tmpdir(), 'tax-snap-'));
    writeFileSync(join(dir, 'v3.1.yaml'), text);
    return { dir, file: join(dir, 'v3.1.yaml'), snap: join(dir, 'v3.1.snapshot.json') };
  };

  it('loads the same taxonomy from the snapshot as from the YAML', () => {
    const { file, snap } = copy(readFileSync(DEFAULT_TAXONOMY_PATH(), 'utf8'));
    expect(snapshotTaxonomy({ path: file, snapshot: snap })).toBe(snap);
    const fromSnapshot = loadTaxonomy({ path: file, snapshot: snap });
    const fromYaml = loadTaxonomy({ path: file, snapshot: false });
    expect(taxonomyToJson(fromSnapshot)).toEqual(taxonomyToJson(fromYaml));
    expect(fromSnapshot.file).toEqual(fromYaml.file);
    expect([...fromSnapshot.aliasesByDim.get('language')!]).toEqual([...fromYaml.aliasesByDim.get('language')!]);
  });

  it('is used only for the exact text it was made from: one changed byte parses and checks the YAML again', () => {
    const good = readFileSync(DEFAULT_TAXONOMY_PATH(), 'utf8');
    const { file, snap } = copy(good);
    snapshotTaxonomy({ path: file, snapshot: snap });
    // Used: a snapshot edited behind the YAML's back shows through (proof that it is read) ...
    const envelope = JSON.parse(readFileSync(snap, 'utf8')) as { file: { dimensions: Array<{ name: string }> } };
    envelope.file.dimensions[0]!.name = 'Intent (from the snapshot)';
    writeFileSync(snap, JSON.stringify(envelope));
    expect(loadTaxonomy({ path: file, snapshot: snap }).dimensions[0]?.name).toBe('Intent (from the snapshot)');
    // ... and ignored once the YAML changes: a broken YAML is reported, not masked by the stale snapshot.
    writeFileSync(file, good.replace('total_tags: 221', 'total_tags: 222'));
    expect(() => loadTaxonomy({ path: file, snapshot: snap })).toThrow(/total_tags says 222/);
    // A damaged snapshot only costs the full parse.
    writeFileSync(file, good);
    writeFileSync(snap, '{"version": 1, "yaml_sha');
    expect(loadTaxonomy({ path: file, snapshot: snap }).tagCount).toBe(221);
  });

  it('the build wrote the bundled taxonomy\'s snapshot, and it matches the YAML', () => {
    expect(existsSync(snapshotPathFor(DEFAULT_TAXONOMY_PATH())), 'run `npm run build` (npm test does)').toBe(true);
    const bundled = loadTaxonomy(); // from dist/taxonomy/v3.1.snapshot.json
    expect(taxonomyToJson(bundled)).toEqual(taxonomyToJson(loadTaxonomy({ snapshot: false })));
  });
});

describe('normaliseTagSpelling', () => {
  it('folds case, spaces, underscores and slashes, and keeps + and #', () => {
    expect(normaliseTagSpelling('  Code_Generation ')).toBe('code-generation');
    expect(normaliseTagSpelling('CI/CD')).toBe('ci-cd');
    expect(normaliseTagSpelling('C++')).toBe('c++');
    expect(normaliseTagSpelling('C#')).toBe('c#');
    expect(normaliseTagSpelling('multi  --  file')).toBe('multi-file');
  });
});
