import { LabelingMonitorSchema, type LabelOutcome } from '../monitor.js';
import type { Labeler } from '../types.js';
import type { Conversation } from '../../conversation/index.js';

export const VALID_LABELS = {
  intent: 'build',
  language: ['python'],
  domain: 'web-backend',
  task: ['code-generation'],
  difficulty: 'easy',
  concept: ['language-basics'],
  agentic: ['none'],
  constraint: ['none'],
  context: ['code-snippet'],
};

export interface FakeOptions {
  /** Ids the labeler fails on (labels: null). */
  failIds?: Set<string>;
  /** Ids the labeler throws on. */
  throwIds?: Set<string>;
  /** Per-call delay (ms) as a function of the id, to scramble completion order. */
  delay?: (id: string) => number;
  /** Called with every id labeled, in call order. */
  seen?: string[];
}

/** A labeler for tests: fixed valid labels, a fake call with tokens and cost, scripted failures. */
export function fakeLabeler(options: FakeOptions = {}): Labeler {
  return {
    name: 'fake',
    async label(conv: Conversation): Promise<LabelOutcome> {
      options.seen?.push(conv.id);
      const wait = options.delay?.(conv.id) ?? 0;
      if (wait) await new Promise((r) => setTimeout(r, wait));
      if (options.throwIds?.has(conv.id)) throw new Error(`boom on ${conv.id}`);
      const failed = options.failIds?.has(conv.id) ?? false;
      const labeling_monitor = LabelingMonitorSchema.parse({
        labeler: 'fake',
        model: 'fake-model',
        prompt_version: 'p1',
        taxonomy_version: '3.1',
        calls: [{ name: 'call1', model: 'fake-model', attempts: 1, latency_ms: 5, prompt_tokens: 100, completion_tokens: 10, cost_usd: 0.001 }],
        issues: { unmapped: failed ? [] : [{ dimension: 'concept', value: 'monads' }] },
        latency_ms: 5,
        error: failed ? 'LabelParseError: no JSON in the answer' : null,
      });
      return failed
        ? { labels: null, confidence: {}, labeling_monitor }
        : { labels: VALID_LABELS, confidence: { intent: 0.9, language: 0.5 }, labeling_monitor };
    },
  };
}
