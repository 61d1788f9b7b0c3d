import type { Command } from 'commander';
import { ConfigError } from '../../errors/index.js';
import { annotateCandidates, collectCandidates, goldStats, parseTargetTags, readGoldConversations, readGoldSet, statsInputs, type TargetTag } from '../../gold/index.js';
import { loadModelRegistry, type ResolvedModel } from '../../llm/index.js';
import type { ChatClient } from '../../llm/types.js';
import { buildClientStack, createLlmLabeler } from '../../labelers/llm/index.js';
import { listPromptVersions } from '../../prompts/index.js';
import { loadTaxonomy, type Taxonomy } from '../../taxonomy/index.js';
import { intFlag, numberFlag } from '../flags.js';
const positiveInt = (flag: string, text: string): number => intFlag(flag, text, 1);

interface ModelFlags {
  model: string;
  baseUrl?: string;
  models?: string;
  taxonomy?: string;
}

/** Registry model + endpoint (flag, env, or the registry default) -> a ChatClient (no limiter, no cache). The key stays in memory only. */
async function modelClient(flags: ModelFlags): Promise<{ model: ResolvedModel; client: ChatClient }> {
  const registry = loadModelRegistry({ path: flags.models });
  return buildClientStack({ registry, modelId: flags.model, env: process.env, ...(flags.baseUrl !== undefined ? { baseUrl: flags.baseUrl } : {}) });
}


/** Targets: --target-tags, else the tags of the gold set with fewer than --min examples. */
async function targetsFor(flags: { targetTags?: string; gold: string; min: string }, taxonomy: Taxonomy): Promise<TargetTag[]> {
  if (flags.targetTags) return parseTargetTags(flags.targetTags, taxonomy);
  const { set, problems } = readGoldSet(flags.gold);
  if (problems.length) throw new ConfigError(`gold set ${flags.gold} is invalid (run gold validate): ${problems.length} problem(s)`, problems);
  const read = await readGoldConversations(set, taxonomy);
  const stats = goldStats(statsInputs(set, read.samples), taxonomy, { minExamples: positiveInt('--min', flags.min) });
  // Rarest first, so a small --n goes where the set is thinnest.
  return [...stats.underCovered].sort((a, b) => a.count - b.count).map(({ dimension, tag }) => ({ dimension, tag }));
}

export function registerGoldLlm(gold: Command): void {
  gold
    .command('collect')
    .description('Ask a strong model to write new conversations aimed at under-covered tags; writes candidates with provenance (model, prompt, date) to --out, never into a gold set.')
    .requiredOption('--model <id>', 'strong model id from models.yaml (or any id with --base-url)')
    .requiredOption('--n <n>', 'number of conversations to ask for')
    .requiredOption('--out <dir>', 'candidates folder (new)')
    .option('--target-tags <list>', 'dimension:tag,... to aim at (default: tags with fewer than --min examples in --gold)')
    .option('--gold <dir>', 'gold set whose coverage picks the targets', 'gold/v1')
    .option('--min <n>', 'under-covered threshold', '3')
    .option('--temperature <t>', 'sampling temperature', '0.9')
    .option('--base-url <url>', 'OpenAI-compatible endpoint (else SFT_LABEL_BASE_URL / OPENAI_BASE_URL / LITELLM_BASE_URL or the registry)')
    .option('--models <file>', 'model registry (default: the bundled models.yaml)')
    .option('--taxonomy <file>', 'taxonomy YAML (default: the bundled v3.1)')
    .action(async (flags: ModelFlags & { n: string; out: string; targetTags?: string; gold: string; min: string; temperature: string }) => {
      const taxonomy = loadTaxonomy({ path: flags.taxonomy });
      const n = positiveInt('--n', flags.n);
      const temperature = numberFlag('--temperature', flags.temperature, { min: 0, max: 2 });
      const targets = await targetsFor(flags, taxonomy);
      const { model, client } = await modelClient(flags);
      const r = await collectCandidates({ client, modelId: model.id, providerModel: model.providerModel, taxonomy, targets, n, outDir: flags.out, temperature });
      for (const f of r.failed) process.stderr.write(`candidate ${f.index + 1} (${f.target}) failed: ${f.reason}\n`);
      process.stdout.write(`wrote ${r.written}/${n} candidates to ${r.file} (${r.failed.length} failed); provenance in collect.json. Not gold: annotate, review, then add to a new gold version.\n`);
      if (r.written === 0) throw new ConfigError(`gold collect: no candidate written (${r.failed.length} failures)`);
    });
  gold
    .command('annotate')
    .description('Pre-annotate candidates with the labeling pipeline into <candidates>/annotations/model-<model>.jsonl, every line marked as a model annotation.')
    .requiredOption('--model <id>', 'strong model id from models.yaml (or any id with --base-url)')
    .requiredOption('--candidates <dir>', 'folder written by gold collect')
    .option('--prompt <version>', 'prompt version of the pipeline (default: the newest)')
    .option('--name <stem>', 'annotation file stem, must start with model- (default: model-<model>)')
    .option('--base-url <url>', 'OpenAI-compatible endpoint (else the env variables or the registry)')
    .option('--models <file>', 'model registry (default: the bundled models.yaml)')
    .option('--taxonomy <file>', 'taxonomy YAML (default: the bundled v3.1)')
    .action(async (flags: ModelFlags & { candidates: string; prompt?: string; name?: string }) => {
      const taxonomy = loadTaxonomy({ path: flags.taxonomy });
      const promptVersion = flags.prompt ?? listPromptVersions().at(-1);
      if (!promptVersion) throw new ConfigError('no prompt versions found in src/prompts');
      const { model, client } = await modelClient(flags);
      const labeler = createLlmLabeler({ taxonomy, client, model, promptVersion });
      const r = await annotateCandidates({ labeler, modelId: model.id, taxonomy, candidatesDir: flags.candidates, annotator: flags.name, labelerName: `llm/${promptVersion}` });
      for (const f of r.failed) process.stderr.write(`${f.id}: not annotated: ${f.reason}\n`);
      process.stdout.write(`annotated ${r.annotated} candidates (${r.failed.length} failed) -> ${r.file} (model annotations: review before any gold use)\n`);
    });
}
