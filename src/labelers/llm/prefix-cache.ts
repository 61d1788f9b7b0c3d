import { createHash } from 'node:crypto';
import type { RenderedCall } from '../../prompts/index.js';

/** One leading piece of a request as a provider's prompt cache sees it: a schema sent ahead, or a message. */
export interface PromptSegment {
  /** Identity of the piece (role + text, or the schema's JSON). */
  key: string;
  tokens: number;
}

/**
 * A request as its prompt-cache segments: in json_schema mode the response_format schema first (providers turn it
 * into prompt text ahead of the messages, so two calls with different schemas share no prefix), then each message.
 */
export function promptSegments(rendered: Pick<RenderedCall, 'messages' | 'response_format'>, tokensOf: (text: string) => number, messageOverhead: number): PromptSegment[] {
  const segments: PromptSegment[] = [];
  const rf = rendered.response_format;
  if (rf.type === 'json_schema') {
    const text = JSON.stringify(rf.json_schema.schema);
    segments.push({ key: `schema\0${text}`, tokens: tokensOf(text) });
  }
  for (const m of rendered.messages) segments.push({ key: `${m.role}\0${m.content}`, tokens: tokensOf(m.content) + messageOverhead });
  return segments;
}

/**
 * The prefix-cache model of `sft-label estimate`: a request is served from cache up to the longest run of its
 * leading segments that an earlier request already sent, when that run is at least `minTokens` long. Matching is
 * by whole segments (message boundaries), which is what the providers' rules come to for these prompts:
 * - DeepSeek (api-docs.deepseek.com/guides/kv_cache, read 2026-12-04): a request persists cache prefix units at the
 *   end of its input and of its output, at prefixes common to several requests, and at fixed intervals; a later
 *   request hits when it fully matches a unit. So call 2 of prompt v3 (call 1's messages + answer + a new turn)
 *   matches call 1's end-of-input unit, the shared system message matches the common-prefix unit, and a re-ask
 *   (arbitration) matches the original's whole input. The guide names no minimum length; the 64-token storage
 *   unit of its earlier version is gone since the sliding-window-attention models. DeepSeek's cache is best-effort
 *   and takes a moment to persist, so a hit right after the first request is likely, not certain.
 * - OpenAI: exact prefixes of at least 1024 tokens (in 128-token steps, which this model ignores); `minTokens`
 *   defaults to that minimum for every provider, which changes nothing for prompts whose static part is longer.
 * State is explicit: the caller owns the set of persisted prefixes.
 */
export class PrefixCacheModel {
  private readonly persisted = new Set<string>();

  constructor(private readonly minTokens: number) {}

  /**
   * Tokens of `segments` (a leading run of a request) that no earlier request persisted as a whole, when the run is
   * long enough to be cached at all: what sending it would write to a provider cache that charges for writes. Does
   * not remember anything.
   */
  unpersisted(segments: readonly PromptSegment[]): number {
    const tokens = segments.reduce((a, s) => a + s.tokens, 0);
    const hashes = prefixHashes(segments);
    const last = hashes[hashes.length - 1];
    return last === undefined || tokens < this.minTokens || this.persisted.has(last) ? 0 : tokens;
  }

  /** Tokens of `segments` a provider would serve from cache now; then remembers every prefix of this request. */
  send(segments: readonly PromptSegment[]): number {
    const hashes = prefixHashes(segments);
    let cached = 0;
    let run = 0;
    for (const [i, h] of hashes.entries()) {
      run += segments[i]?.tokens ?? 0;
      if (this.persisted.has(h) && run >= this.minTokens) cached = run;
    }
    for (const h of hashes) this.persisted.add(h);
    return cached;
  }
}

/** Hash of each leading run of segments (the prefix ending with segment i). */
function prefixHashes(segments: readonly PromptSegment[]): string[] {
  const h = createHash('sha256');
  return segments.map((s) => {
    h.update(s.key).update('\u0001');
    return h.copy().digest('hex');
  });
}
