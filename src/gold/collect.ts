import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { sha256Hex } from '../conversation/index.js';
import { UsageError } from '../errors/index.js';
import { extractJsonObject } from '../llm/index.js';
import type { ChatClient } from '../llm/types.js';
import type { Taxonomy } from '../taxonomy/index.js';
import { collectMessages, COLLECT_PROMPT_VERSION, type TargetTag } from './collect-prompt.js';

/** What the model must answer: a ShareGPT conversation, with tool schemas when it calls tools. */
export const CandidateAnswerSchema = z.object({
  conversations: z
    .array(z.object({ from: z.enum(['system', 'human', 'gpt', 'function_call', 'observation']), value: z.string().min(1) }))
    .min(2)
    .refine((turns) => turns.some((t) => t.from === 'human') && turns.some((t) => t.from === 'gpt'), 'needs a human and a gpt turn'),
  tools: z.array(z.unknown()).optional(),
});

export interface CollectOptions {
  client: ChatClient;
  /** Registry id of the model, recorded in provenance. */
  modelId: string;
  /** Provider model name sent on the wire. */
  providerModel: string;
  taxonomy: Taxonomy;
  /** Tags to aim at, used round-robin. */
  targets: readonly TargetTag[];
  n: number;
  /** Candidates folder; must not be a gold set and must not already hold candidates. */
  outDir: string;
  /** Default 0.9: varied conversations. */
  temperature?: number;
  /** Default 4000. */
  maxTokens?: number;
  /** Clock, for provenance (default: now). */
  now?: () => Date;
}

export interface CollectResult {
  file: string;
  written: number;
  failed: Array<{ index: number; target: string; reason: string }>;
}

/**
 * Ask a strong model for `n` new conversations aimed at under-covered tags and write them as candidates
 * (`candidates.jsonl` + `collect.json` with model, prompt and date). Candidates never go into a gold set directly:
 * they are annotated (`annotateCandidates`), reviewed by people, and only then added to a new gold version.
 */
export async function collectCandidates(opts: CollectOptions): Promise<CollectResult> {
  const file = prepareOutDir(opts.outDir);
  const created = (opts.now ?? (() => new Date()))().toISOString();
  const stamp = created.slice(0, 10).replace(/-/g, '');
  const temperature = opts.temperature ?? 0.9;
  const result: CollectResult = { file, written: 0, failed: [] };
  const prompts = new Map<string, { target: string; messages: ReturnType<typeof collectMessages> }>();
  for (let i = 0; i < opts.n; i++) {
    const target = opts.targets[i % opts.targets.length];
    if (!target) throw new UsageError('gold collect needs at least one target tag');
    const targetId = `${target.dimension}:${target.tag}`;
    const messages = collectMessages(target, opts.taxonomy);
    const promptSha = sha256Hex(JSON.stringify(messages));
    prompts.set(promptSha, { target: targetId, messages });
    let content: string;
    try {
      const answer = await opts.client.complete({
        model: opts.providerModel,
        messages,
        temperature,
        max_tokens: opts.maxTokens ?? 4000,
        response_format: { type: 'json_object' },
        sample_index: i,
      });
      content = answer.content;
    } catch (err) {
      // One failed request is a recorded outcome, not the end of the batch (STYLE 7).
      result.failed.push({ index: i, target: targetId, reason: (err as Error).message });
      continue;
    }
    const parsed = parseAnswer(content);
    if (!parsed.ok) {
      result.failed.push({ index: i, target: targetId, reason: parsed.reason });
      continue;
    }
    const candidate = {
      id: `cand-${stamp}-${String(i + 1).padStart(3, '0')}`,
      ...parsed.value,
      candidate: { model: opts.modelId, target: targetId, prompt_version: COLLECT_PROMPT_VERSION, prompt_sha256: promptSha, created, temperature, sample_index: i },
    };
    appendFileSync(file, `${JSON.stringify(candidate)}\n`);
    result.written++;
  }
  const provenance = {
    kind: 'gold-candidates',
    note: 'Model-written candidates: not gold. Annotate, review by people, then add to a new gold version.',
    model: opts.modelId,
    provider_model: opts.providerModel,
    created,
    prompt_version: COLLECT_PROMPT_VERSION,
    temperature,
    n: opts.n,
    written: result.written,
    failed: result.failed,
    prompts: Object.fromEntries([...prompts].map(([sha, p]) => [sha, p])),
  };
  writeFileSync(join(opts.outDir, 'collect.json'), `${JSON.stringify(provenance, null, 2)}\n`);
  return result;
}

function prepareOutDir(outDir: string): string {
  if (existsSync(join(outDir, 'labels.jsonl')) || existsSync(join(outDir, 'gold.json'))) {
    throw new UsageError(`${outDir} is a gold set: candidates go to their own folder, never straight into a gold set`);
  }
  const file = join(outDir, 'candidates.jsonl');
  if (existsSync(file)) throw new UsageError(`${file} already exists: choose a new --out folder (candidates are never overwritten)`);
  mkdirSync(outDir, { recursive: true });
  return file;
}

function parseAnswer(content: string): { ok: true; value: z.infer<typeof CandidateAnswerSchema> } | { ok: false; reason: string } {
  const json = extractJsonObject(content);
  if (!json.ok) return { ok: false, reason: json.reason };
  const r = CandidateAnswerSchema.safeParse(json.value);
  if (!r.success) return { ok: false, reason: r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') };
  return { ok: true, value: r.data };
}
