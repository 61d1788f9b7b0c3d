import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../errors/index.js';
import type { ChatClient, ChatRequest, ChatResult } from '../llm/types.js';
import { loadTaxonomy } from '../taxonomy/index.js';
import { GOLD_V1 } from './__fixtures__/broken.js';
import { collectCandidates } from './collect.js';
import { collectMessages, parseTargetTags } from './collect-prompt.js';

const taxonomy = loadTaxonomy();
const temps: string[] = [];
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'gold-collect-'));
  temps.push(d);
  return d;
}

/** A ChatClient that answers from a list, recording the requests. */
function scriptedClient(answers: Array<string | Error>): ChatClient & { requests: ChatRequest[] } {
  const requests: ChatRequest[] = [];
  return {
    endpoint: 'test://scripted',
    requests,
    async complete(req: ChatRequest): Promise<ChatResult> {
      requests.push(req);
      const a = answers[requests.length - 1] ?? '';
      if (a instanceof Error) throw a;
      return { content: a, reasoning: null, finish_reason: 'stop', usage: { prompt_tokens: 1, cached_tokens: 0, completion_tokens: 1 }, attempts: 1, latency_ms: 1, cache_hit: false };
    },
  };
}

const GOOD = JSON.stringify({
  conversations: [
    { from: 'human', value: 'How do I read a CSV with a semicolon separator in pandas?' },
    { from: 'gpt', value: "Use `pd.read_csv('data.csv', sep=';')`." },
  ],
});

describe('parseTargetTags', () => {
  it('parses dimension:tag lists and reports every bad entry at once', () => {
    expect(parseTargetTags('language:rust, concept:graphs', taxonomy)).toEqual([
      { dimension: 'language', tag: 'rust' },
      { dimension: 'concept', tag: 'graphs' },
    ]);
    expect(() => parseTargetTags('lang:rust,language:rustt,rust', taxonomy)).toThrow(/unknown dimension "lang".*"rustt" is not a tag of language.*"rust": expected dimension:tag/);
  });
});

describe('collectMessages', () => {
  it('names the target tag with its description and keeps the system prompt static', () => {
    const a = collectMessages({ dimension: 'language', tag: 'rust' }, taxonomy);
    const b = collectMessages({ dimension: 'concept', tag: 'graphs' }, taxonomy);
    expect(a[0]).toEqual(b[0]);
    expect(a[1]?.content).toContain(taxonomy.tagsByDim.get('language')?.get('rust')?.description ?? 'x');
  });
});

describe('collectCandidates', () => {
  it('writes parsed candidates with provenance and records failures', async () => {
    const out = join(tempDir(), 'cands');
    const client = scriptedClient([GOOD, 'sorry, I cannot', new Error('HTTP 500'), `\`\`\`json\n${GOOD}\n\`\`\``]);
    const r = await collectCandidates({
      client,
      modelId: 'strong-x',
      providerModel: 'x-large',
      taxonomy,
      targets: [{ dimension: 'language', tag: 'rust' }, { dimension: 'concept', tag: 'graphs' }],
      n: 4,
      outDir: out,
      now: () => new Date('2026-11-25T12:00:00Z'),
    });
    expect(r.written).toBe(2);
    expect(r.failed.map((f) => [f.index, f.target])).toEqual([
      [1, 'concept:graphs'],
      [2, 'language:rust'],
    ]);
    expect(client.requests.map((q) => q.sample_index)).toEqual([0, 1, 2, 3]);
    expect(client.requests[0]?.model).toBe('x-large');
    const lines = readFileSync(join(out, 'candidates.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0].id).toBe('cand-20261125-001');
    expect(lines[1].id).toBe('cand-20261125-004');
    expect(lines[0].candidate).toMatchObject({ model: 'strong-x', target: 'language:rust', created: '2026-11-25T12:00:00.000Z', prompt_version: 'collect-v1' });
    const prov = JSON.parse(readFileSync(join(out, 'collect.json'), 'utf8'));
    expect(prov).toMatchObject({ kind: 'gold-candidates', model: 'strong-x', n: 4, written: 2 });
    expect(prov.prompts[lines[0].candidate.prompt_sha256].messages[1].content).toContain('Rust');
  });

  it('refuses to write into a gold set or over existing candidates', async () => {
    const base = { client: scriptedClient([GOOD]), modelId: 'm', providerModel: 'm', taxonomy, targets: [{ dimension: 'language', tag: 'rust' }], n: 1 };
    await expect(collectCandidates({ ...base, outDir: GOLD_V1 })).rejects.toBeInstanceOf(UsageError);
    const out = tempDir();
    await collectCandidates({ ...base, outDir: out });
    await expect(collectCandidates({ ...base, outDir: out })).rejects.toThrow(/already exists/);
    expect(existsSync(join(GOLD_V1, 'candidates.jsonl'))).toBe(false);
  });
});
