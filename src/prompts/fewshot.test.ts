import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { preprocess } from '../preprocess/index.js';
import { loadTaxonomy } from '../taxonomy/index.js';
import { packagePath } from '../util/paths.js';
import { validateLabels } from '../validate/index.js';
import { listPromptVersions, loadPromptVersion } from './load.js';
import type { FewShot } from './schema.js';

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

/**
 * The annotation guide's worked examples (section 11): their label tables, and a fingerprint of each problem so an
 * example that poses the same problem is found even if it does not say so.
 */
function guideWorkedExamples(): { id: string; labels: Record<string, string[]>; fingerprint: RegExp[] }[] {
  const guide = readFileSync(packagePath('docs', 'ANNOTATION_GUIDE.md'), 'utf8');
  const section = guide.split(/^## /m).find((s) => s.startsWith('11.')) ?? '';
  const fingerprints: Record<string, RegExp[]> = {
    A: [/overlap/i, /interval|range/i],
    B: [/secret_key|session\[/i],
    C: [/parse_duration/i],
  };
  return [...section.matchAll(/\*\*Example ([A-Z]):[\s\S]*?(?=\*\*Example [A-Z]:|$)/g)].map((m) => {
    const id = m[1] ?? '';
    const labels: Record<string, string[]> = {};
    for (const row of m[0].matchAll(/^\| (\w+) \| ([^|]+) \|$/gm)) {
      const [dim, value] = [row[1] ?? '', row[2] ?? ''];
      if (dim === 'dim') continue;
      labels[dim] = value.replace(/\(.*\)/, '').split(',').map((t) => t.trim()).filter(Boolean);
    }
    return { id, labels, fingerprint: fingerprints[id] ?? [/^$/] };
  });
}

/** The dimensions a problem decides (the others depend on how it was phrased or supplied). */
const PROBLEM_DIMENSIONS = ['intent', 'domain', 'task', 'difficulty', 'concept'];

/** Where a few-shot example's labels differ from the guide's worked example of the same problem. */
function contradictions(shot: FewShot, guideLabels: Record<string, string[]>): string[] {
  const mine: Record<string, string[]> = Object.fromEntries(Object.entries({ ...shot.call1, ...shot.call2 }).map(([d, a]) => [d, a.tags]));
  return PROBLEM_DIMENSIONS.filter((d) => guideLabels[d] && JSON.stringify([...(mine[d] ?? [])].sort()) !== JSON.stringify([...(guideLabels[d] ?? [])].sort())).map(
    (d) => `${d}: ${(mine[d] ?? []).join(', ')} where the guide says ${(guideLabels[d] ?? []).join(', ')}`,
  );
}

function shotText(shot: FewShot): string {
  return shot.turns.map((t) => [t.content, ...(t.tool_calls ?? []).map((c) => c.arguments)].join('\n')).join('\n');
}

describe('v3 few-shot examples agree with the guide', () => {
  const v3 = loadPromptVersion('v3').fewShot;
  const worked = guideWorkedExamples();

  it('reads the guide\'s three worked examples', () => {
    expect(worked.map((w) => w.id)).toEqual(['A', 'B', 'C']);
    expect(worked[0]?.labels.difficulty).toEqual(['intermediate']);
    expect(worked[2]?.labels.agentic).toHaveLength(11);
  });

  it('catches v2\'s merge-ranges example, which rates the guide\'s example A easy', () => {
    const ranges = loadPromptVersion('v2').fewShot[0];
    expect(ranges && worked[0]?.fingerprint.every((f) => f.test(shotText(ranges)))).toBe(true);
    expect(contradictions(ranges!, worked[0]!.labels)).toEqual(['difficulty: easy where the guide says intermediate']);
  });

  it.each(v3.map((s) => [s.name, s] as const))('%s: no contradiction with a worked example of the same problem', (_, shot) => {
    for (const w of worked) {
      const same = w.fingerprint.every((f) => f.test(shotText(shot)));
      if (same) expect(shot.guide_example, `"${shot.name}" poses the problem of the guide's example ${w.id}: say so (guide_example)`).toBe(w.id);
      if (shot.guide_example === w.id) expect(contradictions(shot, w.labels)).toEqual([]);
    }
  });

  it.each(v3.map((s) => [s.name, s] as const))('%s: satisfies every consistency rule given its own signals, with a reason per call', (_, shot) => {
    const conversation = { id: shot.name, format: 'openai', tools: shot.tools ?? [], turns: shot.turns };
    const raw = Object.fromEntries(Object.entries({ ...shot.call1, ...shot.call2 }).map(([d, a]) => [d, a.tags]));
    const v = validateLabels(raw, taxonomy, preprocess(conversation, taxonomy));
    expect(v.violations).toEqual([]);
    expect(v.skipped_rules).toEqual([]);
    expect(shot.reasons?.call1).toMatch(/\S/);
    expect(shot.reasons?.call2).toMatch(/\S/);
  });

  it.each(v3.map((s) => [s.name, s] as const))('%s: each call\'s reasons talk about that call\'s tags, not the other call\'s', (_, shot) => {
    const tags = (answer: FewShot['call1']): string[] => Object.values(answer).flatMap((a) => a.tags).filter((t) => t !== 'none');
    for (const t of tags(shot.call2)) expect(shot.reasons?.call1, t).not.toMatch(new RegExp(`\\b${t}\\b`));
    for (const t of tags(shot.call1)) expect(shot.reasons?.call2, t).not.toMatch(new RegExp(`\\b${t}\\b`));
  });
});
