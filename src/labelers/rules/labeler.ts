import { performance } from 'node:perf_hooks';
import type { Conversation } from '../../conversation/index.js';
import type { Signals } from '../../preprocess/index.js';
import { tagsOf, type Confidence, type Labels, type Taxonomy } from '../../taxonomy/index.js';
import { checkLabelSet, evaluateRules } from '../../validate/index.js';
import { buildMonitor, type LabelOutcome } from '../monitor.js';
import type { Labeler } from '../types.js';
import { decideAgentic } from './agentic.js';
import { decideConstraints } from './constraint.js';
import { decideContext, hasCode } from './context.js';
import { decideDifficulty } from './difficulty.js';
import { decideIntent, decideTask } from './intent.js';
import { buildKeywordIndex, scoreKeywords, topTags, type KeywordScores } from './keywords.js';
import { buildLanguageNames, targetLanguages } from './language.js';
import { repairLabels } from './repair.js';
import { extractText } from './text.js';

export interface RulesLabelerOptions {
  taxonomy: Taxonomy;
}

/** Domain implied by a language when no keyword names a field. */
const LANGUAGE_DOMAIN: Readonly<Record<string, string>> = {
  sql: 'databases', dockerfile: 'devops-cloud', hcl: 'devops-cloud', solidity: 'blockchain', hdl: 'embedded-iot',
  html: 'web-frontend', css: 'web-frontend', assembly: 'systems-programming',
};
const PLAN_RE = /\b(?:plan|steps?)\s*:?\s*\n\s*1[.)]\s/i;

/**
 * The offline `rules` labeler: deterministic labels for all nine dimensions from the preprocessing signals and
 * keyword evidence (taxonomy ids, labels, aliases and a curated keyword table). It is a floor to compare LLM
 * labelers with, not a substitute for one: it sees words and sizes, not meaning. Its output always passes every
 * error-severity consistency rule. Keyword indexes are built here, once per labeler.
 */
export function createRulesLabeler(opts: RulesLabelerOptions): Labeler {
  const tax = opts.taxonomy;
  const index = buildKeywordIndex(tax, ['domain', 'concept']);
  const languageNames = buildLanguageNames(tax);
  const languageIds = tax.tagsByDim.get('language');

  function draft(conv: Conversation, signals: Signals): { labels: Labels; confidence: Confidence } {
    const text = extractText(conv, signals);
    const userText = `${text.system}\n${text.humanUsers.join('\n')}`;
    const repository = signals.has_tool_calls && text.actions.length > 0;
    const context = decideContext(userText, text.humanUsers, signals, { repository });
    const codeSupplied = hasCode(text.firstUser) || context.includes('code-snippet') || context.includes('multi-file-code');
    const failureSupplied = context.includes('stack-trace') || context.includes('error-message');
    const { intent, step } = decideIntent(text.firstUser, { codeSupplied, failureSupplied });

    const targets = targetLanguages(text.firstUser, languageNames);
    const languages = [...signals.fence_languages, ...signals.content_languages, ...targets].filter((l) => languageIds?.has(l));
    const task = decideTask(intent, text.firstUser, { codeSupplied, languages: new Set(languages).size });

    const scores: KeywordScores = new Map();
    // Keyword evidence sits early in a conversation; capping keeps long trajectories cheap.
    scoreKeywords(index, userText.slice(0, 10_000), 2, scores);
    scoreKeywords(index, text.assistant.slice(0, 6_000), 1, scores);
    const concept = topTags(scores, 'concept', 2, 3).map(([t]) => t);
    const [bestDomain] = topTags(scores, 'domain', 2, 1);
    const ioExamples = context.includes('io-examples');
    const fallbackDomain =
      languages.map((l) => LANGUAGE_DOMAIN[l]).find((d) => d !== undefined) ??
      (ioExamples ? 'algorithmic-problems' : languages.length || concept.length ? 'general-programming' : 'other');
    const domain = bestDomain?.[0] ?? fallbackDomain;

    const agentic = decideAgentic(text.actions, { askedUser: text.askedUser, plannedInText: PLAN_RE.test(text.assistant) });
    const labels = repairLabels(
      {
        intent, language: languages, domain, task, concept, agentic, context,
        difficulty: decideDifficulty(signals, { intent, concepts: concept }),
        constraint: decideConstraints(userText),
      },
      tax,
      signals,
    );
    const confidence: Confidence = {
      intent: step < 7 ? (step === 4 ? 0.55 : 0.7) : 0.45,
      language: signals.fence_languages.length ? 0.85 : tagsOf(labels, 'language')[0] === 'none' ? 0.55 : 0.65,
      domain: bestDomain ? Math.min(0.8, 0.35 + 0.05 * bestDomain[1]) : 0.3,
      task: step < 7 ? 0.55 : 0.4,
      difficulty: 0.35,
      concept: concept.length ? 0.45 : 0.35,
      agentic: signals.has_tool_calls ? 0.7 : 0.95,
      constraint: 0.5,
      context: 0.6,
    };
    return { labels, confidence };
  }

  return {
    name: 'rules',
    async label(conv: Conversation, signals: Signals): Promise<LabelOutcome> {
      const started = performance.now();
      const { labels, confidence } = draft(conv, signals);
      // Labels are canonical by construction, so no alias pass: structure + rules only.
      const rules = evaluateRules(labels, tax, signals);
      const problems = checkLabelSet(labels, tax);
      const valid = problems.length === 0 && !rules.violations.some((v) => v.severity === 'error');
      const latency = performance.now() - started;
      return {
        labels: valid ? labels : null,
        confidence,
        labeling_monitor: buildMonitor({
          labeler: 'rules',
          model: 'rules',
          taxonomyVersion: tax.version,
          calls: [
            {
              name: 'rules', model: 'rules', attempts: 0, latency_ms: latency, prompt_tokens: 0, completion_tokens: 0,
              cached_tokens: 0, cost_usd: 0, cache_hit: false, finish_reason: null, error: null,
            },
          ],
          issues: { violations: rules.violations, skipped_rules: rules.skipped },
          latencyMs: latency,
          error: valid ? null : `rules labeler produced invalid labels: ${[...problems, ...rules.violations.map((v) => v.message)].join('; ')}`,
        }),
      };
    },
  };
}
