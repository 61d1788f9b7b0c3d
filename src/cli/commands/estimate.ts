import type { Command } from 'commander';
import { UsageError } from '../../errors/index.js';
import { readRecords, type Conversation } from '../../conversation/index.js';
import { loadModelRegistry, resolveModel, type ResolvedModel } from '../../llm/index.js';
import { DEFAULT_ESTIMATE_ASSUMPTIONS, estimateCost, type Estimate } from '../../labelers/llm/index.js';
import { preprocess, type Signals } from '../../preprocess/index.js';
import { createPromptRenderer, DEFAULT_PROMPT_VERSION, DEFAULT_TOKEN_BUDGET, loadPromptVersion } from '../../prompts/index.js';
import { loadTaxonomy } from '../../taxonomy/index.js';
import { fractionFlag as fraction, intFlag as int } from '../flags.js';

interface EstimateFlags {
  input: string;
  model: string;
  promptVersion: string;
  models?: string;
  limit?: string;
  tokenBudget: string;
  arbitrationRate: string;
  arbitration: boolean;
  responseFormat?: 'json_schema' | 'json_object';
  taxonomy?: string;
  json?: boolean;
}

export function registerEstimate(program: Command): void {
  program
    .command('estimate')
    .description(
      'Cost before spending: render the real prompts for every sample, count their tokens (o200k) and print the expected ' +
        'prompt / cached / completion tokens and dollars per sample and in total, and per prompt version the tokens of each ' +
        'call, the share a warm prompt cache serves and $/sample warm. Sends no request. Assumptions: a request is ' +
        'served from the prompt cache up to the longest run of leading messages an earlier request sent, when that run ' +
        "reaches the model's minimum (1024 tokens; models.yaml min_cache_prefix_tokens, e.g. 4096 for Claude Opus 4.5); " +
        'cache writes at the write price; a share of samples ' +
        `(--arbitration-rate, default ${DEFAULT_ESTIMATE_ASSUMPTIONS.arbitrationRate}) needs one arbitration round of k=3 re-asks; answers have typical length.`,
    )
    .requiredOption('--input <file>', 'input .json or .jsonl file')
    .requiredOption('--model <id>', 'model id from the registry (an unlisted id is estimated without a price)')
    .option('--prompt-version <names>', 'prompt version, or several separated by commas to compare them (v2,v3)', DEFAULT_PROMPT_VERSION)
    .option('--models <file>', 'model registry YAML (default: the bundled models.yaml)')
    .option('--limit <n>', 'estimate at most n records')
    .option('--token-budget <n>', 'conversation tokens per prompt before cutting the middle', String(DEFAULT_TOKEN_BUDGET))
    .option('--arbitration-rate <x>', 'expected share of samples that need an arbitration round (0..1)', String(DEFAULT_ESTIMATE_ASSUMPTIONS.arbitrationRate))
    .option('--no-arbitration', 'assume arbitration is off')
    .option('--response-format <mode>', 'json_schema or json_object (default: the registry)')
    .option('--taxonomy <file>', 'taxonomy YAML (default: the bundled v3.1)')
    .option('--json', 'print the estimate as JSON, with one row per sample (several prompt versions: {model, skipped, estimates: [one per version]})')
    .action(async (flags: EstimateFlags) => {
      if (flags.model === 'rules') throw new UsageError('--model rules sends no requests: it costs nothing to run');
      if (flags.responseFormat && !['json_schema', 'json_object'].includes(flags.responseFormat))
        throw new UsageError(`--response-format ${flags.responseFormat}: expected json_schema or json_object`);
      const limit = flags.limit === undefined ? Infinity : int('--limit', flags.limit, 1);
      const tokenBudget = int('--token-budget', flags.tokenBudget, 100);
      const rate = flags.arbitration ? fraction('--arbitration-rate', flags.arbitrationRate) : 0;
      const taxonomy = loadTaxonomy({ path: flags.taxonomy });
      const model = resolveModel(loadModelRegistry({ path: flags.models }), flags.model, {
        allowUnknown: true,
        ...(flags.responseFormat ? { responseFormat: flags.responseFormat } : {}),
      });
      if (model.warning) process.stderr.write(`warning: ${model.warning}\n`);
      const names = flags.promptVersion.split(',').map((v) => v.trim()).filter(Boolean);
      if (names.length === 0) throw new UsageError(`--prompt-version ${flags.promptVersion}: expected a version name`);
      const versions = names.map((name) => loadPromptVersion(name));

      const samples: { conversation: Conversation; signals: Signals }[] = [];
      let skipped = 0;
      for await (const item of readRecords(flags.input)) {
        if (samples.length >= limit) break;
        if (!item.ok) {
          skipped++;
          process.stderr.write(`warning: ${flags.input}: record ${item.line !== undefined ? `line ${item.line}` : `#${item.index}`}: ${item.reason} (skipped)\n`);
          continue;
        }
        samples.push({ conversation: item.conversation, signals: preprocess(item.conversation, taxonomy) });
      }
      const estimates = versions.map((version) => {
        const renderer = createPromptRenderer({ version, taxonomy, responseFormat: model.responseFormat });
        const estimate = estimateCost(samples, { renderer, taxonomy, prices: model.prices, tokenBudget, assumptions: { arbitrationRate: rate, ...(model.minCachePrefixTokens !== null ? { cacheMinTokens: model.minCachePrefixTokens } : {}) } });
        return { version, estimate };
      });
      if (flags.json) {
        const rows = estimates.map(({ version, estimate }) => ({ prompt_version: version.name, prompt_hash: version.hash, ...estimate }));
        // One version: the object as it always was (plus the new fields); several: one such object per version.
        const out = rows.length === 1 ? { model: model.id, skipped, ...rows[0] } : { model: model.id, skipped, estimates: rows };
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      } else {
        process.stdout.write(estimates.map(({ version, estimate }) => render(estimate, model, version.name, skipped)).join('\n'));
        process.stdout.write(compareVersions(estimates.map(({ version, estimate }) => ({ name: version.name, estimate }))));
      }
    });
}

/** Per prompt version: tokens per call, the share a warm cache serves, $/sample warm (what `estimate` is for). */
function compareVersions(rows: { name: string; estimate: Estimate }[]): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  const pct = (x: number): string => `${Math.round(x * 100)}%`;
  const usd = (x: number | null): string => (x === null ? 'n/a' : `$${x.toFixed(6)}`);
  const lines = [
    'per prompt version (cache warm; per sample):',
    `  ${'prompt'.padEnd(8)} ${'call1 tokens'.padStart(13)} ${'cacheable'.padStart(10)} ${'call2 tokens'.padStart(13)} ${'cacheable'.padStart(10)} ${'$/sample warm'.padStart(14)}`,
  ];
  for (const { name, estimate: e } of rows)
    lines.push(
      `  ${name.padEnd(8)} ${n(e.calls.call1.prompt_tokens).padStart(13)} ${pct(e.calls.call1.cacheable_share).padStart(10)} ` +
        `${n(e.calls.call2.prompt_tokens).padStart(13)} ${pct(e.calls.call2.cacheable_share).padStart(10)} ${usd(e.warm.cost_usd).padStart(14)}`,
    );
  return `${lines.join('\n')}\n`;
}

function render(e: Estimate, model: ResolvedModel, version: string, skipped: number): string {
  const usd = (x: number | null): string => (x === null ? 'n/a (no price for this model)' : `$${x < 0.01 ? x.toFixed(6) : x.toFixed(4)}`);
  const n = (x: number): string => x.toLocaleString('en-US');
  const truncated = e.samples.filter((s) => s.truncated).length;
  const p = model.prices;
  return [
    `estimate: ${e.total.samples} samples${skipped ? ` (${skipped} unreadable skipped)` : ''}, model ${model.id} (${model.providerModel}, ${model.responseFormat}), prompt ${version}`,
    `prices per 1M tokens: ${p ? `input $${p.input}, cached $${p.cached_input}${p.cache_write !== undefined ? `, cache write $${p.cache_write}` : ''}, output $${p.output} (as of ${p.as_of})` : 'unknown'}`,
    ...(p?.off_peak ? [`off-peak (${p.off_peak.hours}): input $${p.off_peak.input}, cached $${p.off_peak.cached_input}, output $${p.off_peak.output}; the cost below is at peak rates`] : []),
    `system prefix: call1 ${n(e.system_tokens.call1)} tokens, call2 ${n(e.system_tokens.call2)} tokens (cached after the first request when >= ${e.assumptions.cacheMinTokens}${e.total.cache_write_tokens ? `; ${n(e.total.cache_write_tokens)} written to the cache at the write price` : ''})`,
    `per call, cache warm: call1 ${n(e.calls.call1.prompt_tokens)} prompt tokens (${Math.round(e.calls.call1.cacheable_share * 100)}% cacheable), ` +
      `call2 ${n(e.calls.call2.prompt_tokens)} (${Math.round(e.calls.call2.cacheable_share * 100)}% cacheable)`,
    '',
    `                  prompt      cached  completion  cost`,
    `per sample  ${pad(n(e.per_sample.prompt_tokens))}  ${pad(n(e.per_sample.cached_tokens))}  ${pad(n(e.per_sample.completion_tokens))}  ${usd(e.per_sample.cost_usd)}`,
    `total       ${pad(n(e.total.prompt_tokens))}  ${pad(n(e.total.cached_tokens))}  ${pad(n(e.total.completion_tokens))}  ${usd(e.total.cost_usd)}`,
    `warm        ${pad(n(e.warm.prompt_tokens))}  ${pad(n(e.warm.cached_tokens))}  ${pad(n(e.warm.completion_tokens))}  ${usd(e.warm.cost_usd)}  (per sample, static prefix already cached)`,
    '',
    `assumptions: arbitration for ${Math.round(e.assumptions.arbitrationRate * 100)}% of samples (k=${e.assumptions.arbitrationK} re-asks of one call); ` +
      `o200k token counts (other tokenizers differ by 10-20%); typical answer length (reasoning models spend more); ` +
      `${truncated} sample(s) cut to the token budget.`,
    '',
  ].join('\n');
}

function pad(s: string): string {
  return s.padStart(10);
}


