/**
 * Majority votes over repeated answers (arbitration). Pure. Votes are canonical tag ids (already mapped through the
 * taxonomy's aliases); an answer that gave no usable tag for the dimension casts no vote.
 */

export interface SingleVote {
  tag: string;
  /** Share of the votes the winner got (0..1): the arbitrated confidence. */
  share: number;
}

/**
 * The most voted tag. Ties go to the original answer when it is among the tied, else to the tag that reached the
 * top count first in vote order. Null when there are no votes.
 */
export function voteSingle(votes: readonly string[], original: string | null): SingleVote | null {
  if (votes.length === 0) return null;
  const counts = countInOrder(votes.map((v) => [v]));
  const top = Math.max(...counts.values());
  const tied = [...counts.keys()].filter((t) => counts.get(t) === top);
  const tag = original !== null && tied.includes(original) ? original : (tied[0] as string);
  return { tag, share: top / votes.length };
}

export interface MultiVote {
  tags: string[];
  /** Mean vote share of the kept tags (0..1). */
  share: number;
}

export interface MultiVoteOptions {
  /** The dimension's none tag: never kept together with other tags (whichever has more votes wins). */
  noneTag?: string | null;
  /** Cardinality cap of the dimension. */
  max?: number;
}

/**
 * Per-tag majority: a tag is kept when more than half of the answers include it. When no tag reaches a majority,
 * the most voted tags are kept (so the dimension is never emptied by disagreement). Order: most votes first, then
 * earliest mean position in the answers, so a primary tag (Task) stays first when the answers agree on it.
 */
export function voteMulti(answers: readonly (readonly string[])[], options: MultiVoteOptions = {}): MultiVote | null {
  const voting = answers.filter((a) => a.length > 0);
  if (voting.length === 0) return null;
  const counts = countInOrder(voting);
  const position = new Map<string, number>();
  for (const a of voting) a.forEach((t, i) => position.set(t, (position.get(t) ?? 0) + i / voting.length));
  let kept = [...counts.keys()].filter((t) => (counts.get(t) ?? 0) * 2 > voting.length);
  if (kept.length === 0) {
    const top = Math.max(...counts.values());
    kept = [...counts.keys()].filter((t) => counts.get(t) === top);
  }
  const none = options.noneTag;
  if (none && kept.includes(none) && kept.length > 1) {
    const noneVotes = counts.get(none) ?? 0;
    const bestOther = Math.max(...kept.filter((t) => t !== none).map((t) => counts.get(t) ?? 0));
    kept = noneVotes >= bestOther ? [none] : kept.filter((t) => t !== none);
  }
  kept.sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || (position.get(a) ?? 0) - (position.get(b) ?? 0));
  if (options.max !== undefined) kept = kept.slice(0, options.max);
  const share = kept.reduce((s, t) => s + (counts.get(t) ?? 0), 0) / kept.length / voting.length;
  return { tags: kept, share };
}

/** How many answers include each tag (a tag repeated within one answer counts once), in first-seen order. */
function countInOrder(answers: readonly (readonly string[])[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const a of answers) for (const t of new Set(a)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}
