import { tagsOf, type Labels, type Taxonomy } from '../taxonomy/index.js';
import type { Signals } from '../preprocess/schema.js';
import { conversationKind, type ConversationKind } from './kind.js';

/** One gold sample as stats sees it: its adjudicated labels, where it came from, and its structure. */
export interface StatsInput {
  id: string;
  labels: Labels;
  /** `written` for conversations written for the set, `public` for records with a gold_source. */
  origin: 'written' | 'public';
  /** Reader variant (`sharegpt`, `openai`, `alpaca`, ...). */
  format: string;
  signals: Pick<Signals, 'has_tool_calls' | 'user_turns'>;
  /** Writing script of the user turns (`latin`, `cjk`): a computed proxy for the conversation's natural language. */
  script?: string;
}

export interface TagCoverage {
  dimension: string;
  tag: string;
  count: number;
}

export interface GoldStats {
  samples: number;
  /** Threshold below which a tag counts as under-covered. */
  minExamples: number;
  /** Every tag of the taxonomy with its number of gold examples (0 included), in taxonomy order. */
  coverage: TagCoverage[];
  /** Tags with fewer than minExamples gold examples. */
  underCovered: TagCoverage[];
  /** Per dimension: tags used at least once / tags in the pool. */
  dimensions: Array<{ dimension: string; tags: number; used: number; under: number }>;
  composition: {
    kind: Record<ConversationKind, number>;
    kindByOrigin: Record<'written' | 'public', Record<ConversationKind, number>>;
    format: Record<string, number>;
    script: Record<string, number>;
    /** From the adjudicated labels: */
    language: Record<string, number>;
    domain: Record<string, number>;
    difficulty: Record<string, number>;
    intent: Record<string, number>;
  };
}

/** Coverage per dimension and tag, and the composition of the set. Pure: counts only. */
export function goldStats(samples: readonly StatsInput[], tax: Taxonomy, opts: { minExamples?: number } = {}): GoldStats {
  const minExamples = opts.minExamples ?? 3;
  const counts = new Map<string, number>();
  for (const s of samples) for (const dim of tax.dimensions) for (const t of tagsOf(s.labels, dim.id)) bump(counts, `${dim.id}\u0000${t}`);
  const coverage = tax.dimensions.flatMap((dim) => dim.tags.map((t) => ({ dimension: dim.id, tag: t.id, count: counts.get(`${dim.id}\u0000${t.id}`) ?? 0 })));
  const underCovered = coverage.filter((c) => c.count < minExamples);
  const dimensions = tax.dimensions.map((dim) => {
    const rows = coverage.filter((c) => c.dimension === dim.id);
    return { dimension: dim.id, tags: rows.length, used: rows.filter((r) => r.count > 0).length, under: rows.filter((r) => r.count < minExamples).length };
  });
  const zeroKinds = (): Record<ConversationKind, number> => ({ 'single-turn': 0, 'multi-turn': 0, agentic: 0 });
  const composition: GoldStats['composition'] = {
    kind: zeroKinds(),
    kindByOrigin: { written: zeroKinds(), public: zeroKinds() },
    format: {},
    script: {},
    language: {},
    domain: {},
    difficulty: {},
    intent: {},
  };
  for (const s of samples) {
    const kind = conversationKind(s.signals);
    composition.kind[kind]++;
    composition.kindByOrigin[s.origin][kind]++;
    bumpRec(composition.format, s.format);
    bumpRec(composition.script, s.script ?? 'unknown');
    for (const t of tagsOf(s.labels, 'language')) bumpRec(composition.language, t);
    for (const d of ['domain', 'difficulty', 'intent'] as const) for (const t of tagsOf(s.labels, d)) bumpRec(composition[d], t);
  }
  composition.language = sortedByCount(composition.language);
  composition.domain = sortedByCount(composition.domain);
  composition.format = sortedByCount(composition.format);
  composition.intent = sortedByCount(composition.intent);
  const levels = tax.ordinalLevels.get('difficulty') ?? [];
  composition.difficulty = Object.fromEntries(levels.map((l) => [l, composition.difficulty[l] ?? 0]));
  return { samples: samples.length, minExamples, coverage, underCovered, dimensions, composition };
}

function bump(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}
function bumpRec(r: Record<string, number>, k: string): void {
  r[k] = (r[k] ?? 0) + 1;
}
function sortedByCount(r: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(r).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

/** Join the gold labels with the samples as read and preprocessed (ids that failed to read are left out). */
export function statsInputs(
  set: { samples: ReadonlyArray<{ value: { id: string; gold_source?: string | undefined } }>; labels: ReadonlyArray<{ value: { id: string; labels: Labels } }> },
  read: ReadonlyArray<{ id: string; conversation: { format: string; turns?: ReadonlyArray<{ role: string; content: string }> }; signals: StatsInput['signals'] }>,
): StatsInput[] {
  const labels = new Map(set.labels.map((l) => [l.value.id, l.value.labels]));
  const origin = new Map(set.samples.map((s) => [s.value.id, s.value.gold_source ? ('public' as const) : ('written' as const)]));
  return read.flatMap((r) => {
    const l = labels.get(r.id);
    if (!l) return [];
    const script = userScript((r.conversation.turns ?? []).filter((t) => t.role === 'user').map((t) => t.content).join('\n'));
    return [{ id: r.id, labels: l, origin: origin.get(r.id) ?? 'written', format: r.conversation.format, signals: r.signals, script }];
  });
}

/** `cjk` when at least 10% of the letters are Han, Kana or Hangul, else `latin` (no letters at all: `none`). */
export function userScript(text: string): string {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters === 0) return 'none';
  const cjk = text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu)?.length ?? 0;
  return cjk / letters >= 0.1 ? 'cjk' : 'latin';
}
