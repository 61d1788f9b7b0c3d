import type { Command } from 'commander';
import { UsageError } from '../../errors/index.js';
import { readRecords, type Conversation } from '../../conversation/index.js';
import { isUsable, probeConfiguration, renderDoctorTable, type DoctorRow, type DoctorTarget } from '../../doctor/index.js';
import { loadModelRegistry, ModelEntrySchema, registryEntryOf } from '../../llm/index.js';
import { loadLock } from '../../production/index.js';
import { listPromptVersions } from '../../prompts/index.js';
import { expandMatrix, loadExperiment } from '../../runner/index.js';
import { loadTaxonomy } from '../../taxonomy/index.js';
import { packagePath } from '../../util/paths.js';
import { secondsFlag } from '../flags.js';

interface DoctorFlags {
  model?: string[];
  config?: string;
  prompt?: string;
  input?: string;
  baseUrl?: string;
  models?: string;
  gateway?: boolean;
  timeout: string;
  json?: boolean;
}

const EXAMPLES = `
Examples:
  # the seed's LiteLLM proxy: are both legs of the headline experiment usable?
  LITELLM_BASE_URL=http://localhost:4000 LITELLM_API_KEY=... sft-label doctor experiments/deepseek-vs-sonnet.yaml
  # DeepSeek direct, one model, two prompt versions
  DEEPSEEK_API_KEY=... sft-label doctor --model deepseek-v4-flash --prompt v1
  # the production lock, against the endpoint production will use (a cascade: both of its models)
  sft-label doctor --config production.lock.yaml
Exit 0 when every configuration is usable (requests accepted, answers parsed, tags valid), else 1.`;

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .argument('[experiment]', 'experiment file: every LLM configuration of its matrix')
    .description(
      'Before paying for a run: send two real samples per configuration (the second shows the prompt cache) and print ' +
        'a table: request accepted, answer parsed, tags valid, cached tokens, served model, reasoning tokens, latency, ' +
        'cost; a refused configuration names the status, the provider message and what to change.',
    )
    .option('--model <id...>', 'model id(s) to check (registry ids, or any id with an explicit endpoint)')
    .option('--config <lock>', 'a production lock file: its model (its pinned entry), prompt, temperature and max_tokens; a cascade lock: both models, each a row')
    .option('--prompt <version>', 'prompt version for --model (default: the newest)')
    .option('--input <file>', 'take the two samples from this file (default: the bundled gold set)')
    .option('--base-url <url>', 'OpenAI-compatible endpoint (else SFT_LABEL_BASE_URL / OPENAI_BASE_URL / LITELLM_BASE_URL or the registry)')
    .option('--models <file>', 'model registry (default: the bundled models.yaml)')
    .option('--gateway', 'the endpoint is a gateway: send registry ids, leave provider extras to it (default for LITELLM_BASE_URL)')
    .option('--timeout <seconds>', 'per request', '120')
    .option('--json', 'print the rows as JSON')
    .addHelpText('after', EXAMPLES)
    .action(async (experiment: string | undefined, flags: DoctorFlags) => {
      const targets = doctorTargets(experiment, flags);
      const taxonomy = loadTaxonomy();
      const samples = await twoSamples(flags.input ?? packagePath('gold', 'v1', 'samples.jsonl'));
      const timeoutMs = secondsFlag('--timeout', flags.timeout);
      const rows: DoctorRow[] = [];
      for (const target of targets) {
        if (!flags.json) process.stderr.write(`sft-label doctor: ${target.name} ...\n`);
        rows.push(
          await probeConfiguration(target, {
            taxonomy,
            samples,
            env: process.env,
            cwd: process.cwd(),
            timeoutMs,
            ...(flags.baseUrl !== undefined ? { baseUrl: flags.baseUrl } : {}),
            ...(flags.models !== undefined ? { models: flags.models } : {}),
            ...(flags.gateway ? { gateway: true } : {}),
          }),
        );
      }
      process.stdout.write(flags.json ? `${JSON.stringify(rows, null, 2)}\n` : renderDoctorTable(rows));
      if (rows.some((r) => !isUsable(r))) process.exitCode = 1;
    });
}

/** The configurations named by an experiment, a lock, or --model ids (in that order, all of them if several). */
function doctorTargets(experiment: string | undefined, flags: DoctorFlags): DoctorTarget[] {
  const targets: DoctorTarget[] = [];
  if (experiment) {
    const registry = loadModelRegistry({ path: flags.models });
    const exp = loadExperiment(experiment, { models: Object.keys(registry.models), prompts: listPromptVersions(), checkPaths: false });
    for (const c of expandMatrix(exp)) {
      if (c.prompt === null) continue; // rules: nothing to check
      const inline = typeof c.modelRef === 'string' ? undefined : ModelEntrySchema.parse(withoutId(c.modelRef));
      targets.push({ name: c.name, model: c.model, prompt: c.prompt, temperature: c.options.temperature, maxTokens: c.options.max_tokens, ...(inline ? { inline } : {}) });
    }
  }
  if (flags.config) {
    const lock = loadLock(flags.config);
    if (lock.prompt_version !== null)
      targets.push({
        name: `${lock.config} (lock)`,
        model: lock.model,
        prompt: lock.prompt_version,
        temperature: lock.options.temperature,
        maxTokens: lock.options.max_tokens,
        ...(lock.pinned ? { inline: registryEntryOf(lock.pinned) } : {}),
      });
    // A cascade's second model answers the low calls in production: checked as a target of its own.
    if (lock.prompt_version !== null && lock.cascade)
      targets.push({
        name: `${lock.config} (lock, cascade.then)`,
        model: lock.cascade.then,
        prompt: lock.prompt_version,
        temperature: lock.options.temperature,
        maxTokens: lock.options.max_tokens,
        ...(lock.cascade.then_pinned ? { inline: registryEntryOf(lock.cascade.then_pinned) } : {}),
      });
  }
  for (const id of flags.model ?? []) {
    if (id === 'rules') continue;
    targets.push({ name: flags.prompt ? `${id}__${flags.prompt}` : id, model: id, ...(flags.prompt ? { prompt: flags.prompt } : {}) });
  }
  if (!targets.length) throw new UsageError('doctor: name what to check: an experiment file, --config <lock> or --model <id> (an LLM, not rules)');
  return targets;
}

function withoutId(ref: { id: string } & Record<string, unknown>): Record<string, unknown> {
  const { id: _id, ...entry } = ref;
  return entry;
}

async function twoSamples(file: string): Promise<Conversation[]> {
  const out: Conversation[] = [];
  for await (const item of readRecords(file)) {
    if (item.ok) out.push(item.conversation);
    if (out.length === 2) break;
  }
  if (!out.length) throw new UsageError(`doctor: no readable conversation in ${file}`);
  return out;
}
