import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MockReply, MockRequest } from './replies.js';
import type { MockScript } from './server.js';
import { seededRng } from './schema-gen.js';

/**
 * Models of known quality, for cascade and calibration scenarios: a script that answers each labeling request
 * with the gold labels of the sample it contains, each dimension agreeing with gold with a set probability per
 * model, and a confidence that is either informative (agreeing answers 0.70-1.00, the others 0.10-0.70) or flat
 * random (0.00-1.00 whatever the answer). Draws are seeded by (model, sample, dimension), so call 1, call 2 and
 * every re-ask of a sample get the same answer, and a run replays exactly.
 */
export interface QualityModel {
  /** Probability that a dimension's answer equals gold. */
  agreement: number;
  /** Default informative. */
  confidence?: 'informative' | 'flat';
}

export interface QualityScriptOptions {
  /** Gold samples as records (any input variant); the script finds which one a request holds by its text. */
  samples: ReadonlyArray<{ id: string; record: unknown }>;
  /** Gold labels by sample id. */
  gold: ReadonlyMap<string, Readonly<Record<string, string | string[]>>>;
  /** The taxonomy's dimensions and tag pools (wrong answers are drawn from them). */
  dimensions: ReadonlyArray<{ id: string; selection: 'single' | 'multi'; tags: ReadonlyArray<{ id: string }> }>;
  /** By the request's `model` (the provider model name). Requests for other models fall through (undefined). */
  models: Readonly<Record<string, QualityModel>>;
  /** Seed mixed into every draw. Default 1. */
  seed?: number;
}

/** Lower-case letters and digits only: survives fencing, escaping and role headers in any prompt version. */
function normalise(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** Text pieces of a record in document order (ids and role names left out). */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (!['id', 'from', 'role', 'name', 'type'].includes(k)) strings(v, out);
  }
  return out;
}

const KEY_CHARS = 80;
const MIN_KEY = 16;

/** Per sample, the text keys no other sample shares (a common system prompt is left out). */
function sampleKeys(samples: QualityScriptOptions['samples']): Array<{ id: string; keys: string[] }> {
  const candidates = samples.map((s) => ({ id: s.id, keys: strings(s.record).map((t) => normalise(t).slice(0, KEY_CHARS)).filter((k) => k.length >= MIN_KEY) }));
  const count = new Map<string, number>();
  for (const c of candidates) for (const k of new Set(c.keys)) count.set(k, (count.get(k) ?? 0) + 1);
  return candidates.map((c) => ({ id: c.id, keys: [...new Set(c.keys)].filter((k) => count.get(k) === 1) }));
}

function hashSeed(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The script. Requests whose model is not listed, or whose sample is not found, fall through to the defaults. */
export function qualityScript(options: QualityScriptOptions): MockScript {
  const keys = sampleKeys(options.samples);
  const seed = options.seed ?? 1;
  // Wrong answers confuse tags the gold set uses (as models do), not the taxonomy's rarest ones.
  const seen = new Map<string, string[]>();
  for (const labels of options.gold.values())
    for (const [dim, v] of Object.entries(labels)) {
      const tags = seen.get(dim) ?? [];
      for (const t of typeof v === 'string' ? [v] : v) if (!tags.includes(t)) tags.push(t);
      seen.set(dim, tags);
    }
  return (req: MockRequest): MockReply | undefined => {
    const model = String(req.body.model);
    const quality = options.models[model];
    if (!quality) return undefined;
    const id = findSample(req, keys);
    const gold = id === undefined ? undefined : options.gold.get(id);
    if (id === undefined || !gold) return undefined;
    const wanted = requestedDimensions(req);
    const body: Record<string, unknown> = {};
    for (const dim of options.dimensions) {
      if (wanted && !wanted.has(dim.id)) continue;
      const g = gold[dim.id];
      if (g === undefined) continue;
      const rng = seededRng(hashSeed(`${seed}|${model}|${id}|${dim.id}`));
      const agrees = rng() < quality.agreement;
      const u = rng();
      const confidence = quality.confidence === 'flat' ? u : agrees ? 0.7 + 0.3 * u : 0.1 + 0.6 * u;
      const tags = agrees ? (typeof g === 'string' ? [g] : [...g]) : wrongTags(g, dim, seen.get(dim.id) ?? [], rng);
      body[dim.id] = { tags, confidence: Math.round(confidence * 100) / 100 };
    }
    return { type: 'answer', body };
  };
}

/** The dimensions the request's schema asks for (every one for v3's shared schema); null when it has none. */
function requestedDimensions(req: MockRequest): Set<string> | null {
  const props = req.schema?.properties;
  return props && typeof props === 'object' ? new Set(Object.keys(props)) : null;
}

/** The sample a request labels: the one whose key appears in its user turns (the system message is the same for all). */
function findSample(req: MockRequest, keys: ReadonlyArray<{ id: string; keys: string[] }>): string | undefined {
  const messages = Array.isArray(req.body.messages) ? (req.body.messages as Array<{ role?: unknown; content?: unknown }>) : [];
  const user = messages.filter((m) => m.role === 'user').map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content ?? ''))).join('\n');
  const text = normalise(user || req.text);
  return keys.find((k) => k.keys.some((key) => text.includes(key)))?.id;
}

/**
 * A wrong answer: another tag (single), or gold's set with its first tag swapped for another (multi); the other tag
 * is one the gold set uses for the dimension, else any of the pool.
 */
function wrongTags(gold: string | string[], dim: QualityScriptOptions['dimensions'][number], used: readonly string[], rng: () => number): string[] {
  const goldTags = typeof gold === 'string' ? [gold] : gold;
  const pool = used.length > 1 ? used : dim.tags.map((t) => t.id);
  const others = pool.filter((t) => !goldTags.includes(t) && t !== 'none');
  if (others.length === 0) return goldTags;
  const pick = others[Math.floor(rng() * others.length)]!;
  if (dim.selection === 'single') return [pick];
  return [pick, ...goldTags.slice(1).filter((t) => t !== 'none')];
}

/** A gold folder's samples and adjudicated labels (`samples.jsonl`, `labels.jsonl`), as qualityScript takes them. */
export function readGoldForQuality(dir: string): Pick<QualityScriptOptions, 'samples' | 'gold'> {
  const rows = (file: string): Array<Record<string, unknown>> =>
    readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const samples = rows('samples.jsonl').map((r) => ({ id: String(r.id), record: r }));
  const gold = new Map(rows('labels.jsonl').map((r) => [String(r.id), r.labels as Record<string, string | string[]>]));
  return { samples, gold };
}
