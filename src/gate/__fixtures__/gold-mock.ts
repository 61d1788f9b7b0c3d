import { loadGoldSet, readGoldConversations } from '../../gold/index.js';
import type { MockReply, MockScript } from '../../mock/index.js';
import { loadTaxonomy, type Labels } from '../../taxonomy/index.js';
import { packagePath } from '../../util/paths.js';
import { wrongSingle } from './labels.js';

/** Marker a test writes into a copied prompt: the mock answers worse when it sees it. */
export const WORSE_MARKER = 'GATE-TEST-WORSE';

export interface GoldMockOptions {
  /** Gold samples used (the first n of gold/v1). */
  limit: number;
  /**
   * Which (sample, dimension) the mock gets wrong, given the request text (so a test can key on a prompt marker).
   * Default: never.
   */
  wrong?: (sample: { id: string; index: number }, dim: string, text: string) => boolean;
  /** Confidence of every answer; default 0.9 (above the arbitration threshold). */
  confidence?: number;
}

/**
 * A mock script that answers each pipeline call with the gold labels of the sample in the request (found by the
 * opening of its first user turn), or a wrong tag where `wrong` says so. Deterministic: same request, same answer.
 */
export async function goldMockScript(options: GoldMockOptions): Promise<{ script: MockScript; unmatched: () => number }> {
  const taxonomy = loadTaxonomy();
  const set = loadGoldSet(packagePath('gold', 'v1'));
  const { samples } = await readGoldConversations(set, taxonomy);
  const labels = new Map(set.labels.map((l) => [l.value.id, l.value.labels as Labels]));
  const keys = samples.slice(0, options.limit).map((s, index) => {
    const first = s.conversation.turns.find((t) => t.role === 'user')?.content ?? '';
    return { id: s.id, index, key: squash(first).slice(0, 60) };
  });
  let unmatched = 0;
  const script: MockScript = (req) => {
    const text = squash(req.text);
    const sample = keys.find((k) => k.key && text.includes(k.key));
    const props = (req.schema?.properties ?? {}) as Record<string, unknown>;
    if (!sample) {
      unmatched++;
      return undefined;
    }
    const gold = labels.get(sample.id)!;
    const body: Record<string, { tags: string[]; confidence: number }> = {};
    for (const dim of Object.keys(props)) {
      const v = gold[dim];
      const tags = typeof v === 'string' ? [v] : [...(v ?? [])];
      const bad = options.wrong?.(sample, dim, req.text) ?? false;
      body[dim] = { tags: bad ? [wrongSingle(taxonomy, dim, tags[0] ?? '')] : tags, confidence: options.confidence ?? 0.9 };
    }
    const reply: MockReply = { type: 'answer', body };
    return reply;
  };
  return { script, unmatched: () => unmatched };
}

function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
