import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../taxonomy/index.js';
import { packagePath } from '../util/paths.js';
import { validateLabels } from '../validate/index.js';
import { listPromptVersions, loadPromptVersion } from './load.js';

const taxonomy = loadTaxonomy();
const shots = listPromptVersions().flatMap((v) => loadPromptVersion(v).fewShot.map((shot) => ({ version: v, shot })));

/** Gold sample text (gold/v1 is committed with the package, so this check can always run). */
function goldTexts(): { source: string; text: string }[] {
  const built = packagePath('gold', 'v1', 'samples.jsonl');
  if (!existsSync(built)) throw new Error(`${built} is missing: the few-shot contamination check needs the gold set`);
  const files = [built];
  return files.map((f) => ({ source: f, text: normalise(readFileSync(f, 'utf8').split('\n').map(unescapeJsonLine).join('\n')) }));
}

/** JSON string escapes undone so that code and quotes compare as written. */
function unescapeJsonLine(line: string): string {
  if (!line.trim()) return '';
  try {
    return collectStrings(JSON.parse(line)).join('\n');
  } catch {
    return line;
  }
}

function collectStrings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(collectStrings);
  if (v && typeof v === 'object') return Object.values(v).flatMap(collectStrings);
  return [];
}

function normalise(s: string): string {
  return s.toLowerCase().replace(/\s+/g, ' ');
}

/** Every run of `n` consecutive words: a copied sentence shares many of them with its source. */
function shingles(text: string, n: number): string[] {
  const words = normalise(text).split(' ').filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i + n <= words.length; i++) out.push(words.slice(i, i + n).join(' '));
  return out;
}

describe('few-shot examples', () => {
  it('exist in v2', () => {
    expect(shots.filter((s) => s.version === 'v2').length).toBeGreaterThanOrEqual(3);
  });

  it.each(shots.map((s) => [`${s.version}: ${s.shot.name}`, s.shot] as const))('%s: answers are valid canonical labels', (_, shot) => {
    const raw = Object.fromEntries(Object.entries({ ...shot.call1, ...shot.call2 }).map(([d, a]) => [d, a.tags]));
    const v = validateLabels(raw, taxonomy);
    expect(v.unmapped).toEqual([]);
    expect(v.mapped).toEqual([]);
    expect(v.violations.filter((x) => x.severity === 'error')).toEqual([]);
    expect(Object.keys(raw).sort()).toEqual(taxonomy.dimensions.map((d) => d.id).sort());
  });

  it('share no text with any gold sample (no contamination of scores)', () => {
    const gold = goldTexts();
    expect(gold.length).toBeGreaterThan(0);
    for (const { shot } of shots) {
      const texts = [...shot.turns.map((t) => t.content), shot.why ?? ''];
      for (const text of texts) {
        for (const g of gold) {
          // 8 consecutive words in common is far beyond chance for prose and code alike.
          const hit = shingles(text, 8).find((s) => g.text.includes(s));
          expect(hit, `few-shot "${shot.name}" shares "${hit}" with ${g.source}`).toBeUndefined();
        }
      }
    }
  });
});
