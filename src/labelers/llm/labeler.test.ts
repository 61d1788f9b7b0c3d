import { describe, expect, it } from 'vitest';
import { LlmHttpError } from '../../errors/index.js';
import { loadTaxonomy } from '../../taxonomy/index.js';
import { answer, callOf, fakeClient, isRepair, type FakeReply } from './__fixtures__/fake-client.js';
import { createLlmLabeler } from './labeler.js';
import type { ChatRequest, ResponseFormatMode } from '../../llm/index.js';
import type { Conversation } from '../../conversation/index.js';
import { conversation, signals } from './__fixtures__/sample.js';

const taxonomy = loadTaxonomy();
const prices = { input: 0.28, cached_input: 0.028, output: 0.42 };

function labeler(
  script: (req: ChatRequest, i: number) => FakeReply,
  extra: { arbitration?: boolean; responseFormat?: ResponseFormatMode; tokenBudget?: number; promptVersion?: string } = {},
) {
  const client = fakeClient(script);
  const l = createLlmLabeler({
    taxonomy,
    client,
    model: { id: 'deepseek-v3.2', providerModel: 'deepseek-chat', responseFormat: extra.responseFormat ?? 'json_schema', prices: prices as never },
    promptVersion: extra.promptVersion ?? 'v2',
    arbitration: extra.arbitration ?? true,
    ...(extra.tokenBudget ? { tokenBudget: extra.tokenBudget } : {}),
  });
  return { client, l };
}

describe('createLlmLabeler', () => {
  it('labels a sample with two calls (happy path) and records the monitor', async () => {
    const { client, l } = labeler((req) => answer(req));
    const out = await l.label(conversation, signals);
    expect(l.name).toBe('deepseek-v3.2');
    expect(out.labels).toEqual({
      intent: 'build',
      language: ['python'],
      domain: 'general-programming',
      task: ['code-generation'],
      difficulty: 'easy',
      concept: ['strings-text-processing'],
      agentic: ['none'],
      constraint: ['none'],
      context: ['none'],
    });
    expect(out.confidence.intent).toBe(0.9);
    const m = out.labeling_monitor;
    expect(m.calls.map((c) => c.name)).toEqual(['call1', 'call2']);
    expect(m).toMatchObject({ labeler: 'llm', model: 'deepseek-v3.2', prompt_version: 'v2', taxonomy_version: '3.1', error: null });
    expect(m.calls[0]).toMatchObject({ model: 'deepseek-v3.2', attempts: 1, prompt_tokens: 1000, cached_tokens: 800, completion_tokens: 100, finish_reason: 'stop', error: null });
    // 200 uncached at 0.28, 800 cached at 0.028, 100 out at 0.42 (per 1M)
    expect(m.calls[0]?.cost_usd).toBeCloseTo((200 * 0.28 + 800 * 0.028 + 100 * 0.42) / 1e6, 12);
    expect(m.issues.violations.filter((v) => v.severity === 'error')).toEqual([]);
    expect(client.requests.map(callOf)).toEqual(['call1', 'call2']);
    expect(client.requests[0]).toMatchObject({ model: 'deepseek-chat', temperature: 0 });
    expect(client.requests[0]?.sample_index).toBeUndefined();
    expect(client.requests[1]?.messages[1]?.content).toContain('intent=build');
  });

  it('sends json_object requests with the schema in the prompt', async () => {
    const { client, l } = labeler((req) => answer(req), { responseFormat: 'json_object' });
    const out = await l.label(conversation, signals);
    expect(out.labels).not.toBeNull();
    expect(client.requests[0]?.response_format).toEqual({ type: 'json_object' });
    expect(client.requests[0]?.messages[0]?.content).toContain('<<<SCHEMA');
  });

  it('recovers with one repair re-ask that carries the bad answer and the error', async () => {
    const { client, l } = labeler((req) => (callOf(req) === 'call1' && !isRepair(req) ? 'Sure! {"intent": {"tags": ["build"]' : answer(req)));
    const out = await l.label(conversation, signals);
    expect(out.labels?.intent).toBe('build');
    const names = out.labeling_monitor.calls.map((c) => c.name);
    expect(names).toEqual(['call1', 'repair:call1', 'call2']);
    expect(out.labeling_monitor.calls[0]?.error).toMatch(/unterminated|truncated/);
    const repair = client.requests[1]!;
    expect(repair.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(repair.messages[2]?.content).toContain('Sure! {"intent"');
    expect(repair.messages[3]?.content).toMatch(/could not be used: .*corrected JSON/);
  });

  it('returns labels null with the error after a failed repair, without asking call 2', async () => {
    const { client, l } = labeler((req) => (callOf(req) === 'call2' ? answer(req) : '{"intent": {"tags": ["build"], "confidence": 2}}'));
    const out = await l.label(conversation, signals);
    expect(out.labels).toBeNull();
    expect(out.confidence).toEqual({});
    expect(out.labeling_monitor.error).toMatch(/^call1: answer does not match the schema: .*after one repair/);
    expect(client.requests).toHaveLength(2);
  });

  it('returns labels null when the client gives up (no repair for transport errors)', async () => {
    const http503 = (): Error => {
      const err = new LlmHttpError('HTTP 503 from endpoint after 4 attempts', 503, undefined);
      // What the real client attaches to the error it throws.
      Object.defineProperty(err, 'failedAttempts', { value: [1, 2, 3, 4].map((attempt) => ({ attempt, kind: 'http', status: 503, message: '503', delay_ms: 1 })) });
      return err;
    };
    const { client, l } = labeler((req) => (callOf(req) === 'call2' ? http503() : answer(req)));
    const out = await l.label(conversation, signals);
    expect(out.labels).toBeNull();
    expect(out.labeling_monitor.error).toContain('call2: LlmHttpError: HTTP 503');
    expect(out.labeling_monitor.calls.map((c) => c.name)).toEqual(['call1', 'call2']);
    expect(out.labeling_monitor.calls[1]).toMatchObject({ attempts: 4, error: expect.stringContaining('HTTP 503') });
    expect(client.requests).toHaveLength(2);
  });

  it('arbitrates a low-confidence single dimension by majority over k=3 re-asks at temperature 0.3', async () => {
    const votes = ['debug', 'debug', 'build'];
    const { client, l } = labeler((req) => {
      if (callOf(req) === 'call1' && req.sample_index !== undefined)
        return answer(req, { intent: { tags: [votes[req.sample_index - 1] as string], confidence: 0.5 } });
      return answer(req, { intent: { tags: ['build'], confidence: 0.4 } });
    });
    const out = await l.label(conversation, signals);
    expect(out.labels?.intent).toBe('debug');
    expect(out.confidence.intent).toBeCloseTo(2 / 3);
    const re = client.requests.filter((r) => r.sample_index !== undefined);
    expect(re.map((r) => r.sample_index).sort()).toEqual([1, 2, 3]);
    expect(re.every((r) => r.temperature === 0.3 && callOf(r) === 'call1')).toBe(true);
    // Re-asks repeat the original prompt byte for byte (provider prompt cache), only temperature and sample_index differ.
    expect(re.every((r) => JSON.stringify(r.messages) === JSON.stringify(client.requests[0]?.messages))).toBe(true);
    expect(out.labeling_monitor.calls.map((c) => c.name).filter((n) => n.startsWith('arbitrate'))).toEqual(['arbitrate:intent#1', 'arbitrate:intent#2', 'arbitrate:intent#3']);
    expect(out.labeling_monitor.issues.arbitration).toEqual([{ dimension: 'intent', before: 'build', after: 'debug', votes: 3, confidence: 2 / 3 }]);
  });

  it('arbitrates a multi dimension per tag', async () => {
    const votes = [['strings-text-processing', 'regex'], ['regex', 'strings-text-processing'], ['file-io']];
    const { l } = labeler((req) => {
      if (callOf(req) === 'call2' && req.sample_index !== undefined)
        return answer(req, { concept: { tags: votes[req.sample_index - 1] as string[], confidence: 0.5 } });
      return answer(req, { concept: { tags: ['language-basics'], confidence: 0.3 } });
    });
    const out = await l.label(conversation, signals);
    expect(out.labels?.concept).toEqual(['strings-text-processing', 'regex']);
    expect(out.confidence.concept).toBeCloseTo(2 / 3);
    expect(out.labeling_monitor.issues.arbitration[0]).toMatchObject({ dimension: 'concept', before: ['language-basics'], votes: 3 });
  });

  it('skips arbitration when it is off', async () => {
    const { client, l } = labeler((req) => answer(req, { intent: { tags: ['build'], confidence: 0.1 } }), { arbitration: false });
    const out = await l.label(conversation, signals);
    expect(client.requests).toHaveLength(2);
    expect(out.confidence.intent).toBe(0.1);
    expect(out.labeling_monitor.issues.arbitration).toEqual([]);
  });

  it('maps near-miss spellings and records unknown tags', async () => {
    const { l } = labeler((req) =>
      answer(req, { language: { tags: ['Python3', 'JS', 'klingon'], confidence: 0.9 }, intent: { tags: ['Build'], confidence: 0.9 } }),
    );
    const out = await l.label(conversation, signals);
    expect(out.labels?.language).toEqual(['python', 'javascript']);
    expect(out.labels?.intent).toBe('build');
    expect(out.labeling_monitor.issues.mapped).toEqual(
      expect.arrayContaining([
        { dimension: 'language', from: 'Python3', to: 'python' },
        { dimension: 'language', from: 'JS', to: 'javascript' },
      ]),
    );
    expect(out.labeling_monitor.issues.unmapped).toEqual([{ dimension: 'language', value: 'klingon' }]);
  });

  it('never outputs none next to other tags or more tags than max: repairs them and records it', async () => {
    const { l } = labeler((req) =>
      answer(req, {
        language: { tags: ['none', 'python'], confidence: 0.9 },
        task: { tags: ['code-generation', 'test-writing', 'bug-fixing'], confidence: 0.9 },
      }),
    );
    const out = await l.label(conversation, signals);
    expect(out.labels?.language).toEqual(['python']);
    expect(out.labels?.task).toEqual(['code-generation', 'test-writing']);
    expect(out.labeling_monitor.issues.repaired?.map((r) => `${r.dimension}:${r.rule}`)).toEqual([
      'language:none-is-exclusive',
      'task:cardinality-bounds',
    ]);
    expect(out.labeling_monitor.issues.violations.filter((v) => v.severity === 'error')).toEqual([]);
  });

  it('records the truncation of a conversation over the token budget', async () => {
    const long: Conversation = { ...conversation, turns: [...conversation.turns, ...Array.from({ length: 30 }, (_, i) => ({ role: 'user' as const, content: `follow-up ${i} `.repeat(40) }))] };
    const { l } = labeler((req) => answer(req), { tokenBudget: 500 });
    const out = await l.label(long, signals);
    expect(out.labeling_monitor.issues.truncation).toMatchObject({ turns_cut: expect.any(Number) });
    expect(out.labeling_monitor.issues.truncation?.original_tokens).toBeGreaterThan(500);
  });

  it('turns an unexpected failure into labels null instead of a throw', async () => {
    const client = fakeClient((req) => ({ content: answer(req), usage: undefined as never }));
    const l = createLlmLabeler({ taxonomy, client, model: { id: 'x', providerModel: 'x', responseFormat: 'json_schema' }, promptVersion: 'v1' });
    const out = await l.label(conversation, signals);
    expect(out.labels).toBeNull();
    expect(out.labeling_monitor.error).toMatch(/^internal error: TypeError/);
  });

  it('rejects invalid settings with a ConfigError', () => {
    expect(() =>
      createLlmLabeler({ taxonomy, client: fakeClient(() => ''), model: { id: 'x', providerModel: 'x', responseFormat: 'json_object' }, promptVersion: 'v1', confidenceThreshold: 2 }),
    ).toThrow(/confidenceThreshold: /);
    expect(() =>
      createLlmLabeler({ taxonomy, client: fakeClient(() => ''), model: { id: 'x', providerModel: 'x', responseFormat: 'json_object' }, promptVersion: 'v9' }),
    ).toThrow(/unknown prompt version "v9"/);
  });

  it('prices a cache hit at zero and an unpriced model at null', async () => {
    const client = fakeClient((req) => ({ content: answer(req), cache_hit: true, attempts: 0 }));
    const l = createLlmLabeler({ taxonomy, client, model: { id: 'x', providerModel: 'x', responseFormat: 'json_schema' }, promptVersion: 'v1' });
    const out = await l.label(conversation, signals);
    expect(out.labeling_monitor.calls.map((c) => [c.cost_usd, c.cache_hit, c.attempts])).toEqual([
      [0, true, 0],
      [0, true, 0],
    ]);
    const unpriced = createLlmLabeler({ taxonomy, client: fakeClient((req) => answer(req)), model: { id: 'x', providerModel: 'x', responseFormat: 'json_schema' }, promptVersion: 'v1' });
    expect((await unpriced.label(conversation, signals)).labeling_monitor.calls[0]?.cost_usd).toBeNull();
  });
});

describe('createLlmLabeler with prompt v3 (call 2 as a follow-up turn)', () => {
  for (const responseFormat of ['json_object', 'json_schema'] as const)
    it(`${responseFormat}: call 2 sends call 1's messages, then call 1's answer and the follow-up turn`, async () => {
      const { client, l } = labeler((req) => answer(req), { promptVersion: 'v3', responseFormat, arbitration: false });
      const out = await l.label(conversation, signals);
      expect(out.labeling_monitor.error).toBeNull();
      expect(out.labels).toMatchObject({ intent: 'build', concept: ['strings-text-processing'] });
      expect(out.labeling_monitor.prompt_version).toBe('v3');
      const [c1, c2] = client.requests;
      expect(c2?.messages.slice(0, 2)).toEqual(c1?.messages);
      expect(c2?.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
      const replay = JSON.parse(c2?.messages[2]?.content ?? '') as Record<string, unknown>;
      expect(replay).toMatchObject({ intent: { tags: ['build'], confidence: 0.9 } });
      // json_schema's shared strict schema requires every dimension (null for the other call's); json_object does not.
      if (responseFormat === 'json_schema') expect(replay).toMatchObject({ concept: null });
      else expect(Object.keys(replay)).toEqual(['intent', 'language', 'domain', 'task', 'difficulty']);
      expect(c2?.response_format).toEqual(c1?.response_format);
    });

  it('re-asks call 2 with its original messages (call 1 answer included) and repairs a broken call 2', async () => {
    let broken = true;
    const { client, l } = labeler(
      (req) => {
        if (callOf(req) === 'call2' && !isRepair(req) && req.sample_index === undefined && broken) {
          broken = false;
          return 'not json';
        }
        return answer(req, { concept: { tags: ['regex'], confidence: 0.3 } });
      },
      { promptVersion: 'v3' },
    );
    const out = await l.label(conversation, signals);
    expect(out.labeling_monitor.calls.map((c) => c.name)).toEqual(['call1', 'call2', 'repair:call2', 'arbitrate:concept#1', 'arbitrate:concept#2', 'arbitrate:concept#3']);
    const call2 = client.requests[1]!;
    const repair = client.requests[2]!;
    expect(repair.messages.slice(0, 4)).toEqual(call2.messages);
    expect(repair.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant', 'user']);
    const reasks = client.requests.filter((r) => r.sample_index !== undefined);
    expect(reasks).toHaveLength(3);
    for (const r of reasks) expect(r.messages).toEqual(call2.messages);
    expect(out.labels?.concept).toEqual(['regex']);
    // Each request goes down the client stack named as the monitor names it (v3's calls cannot be told apart by
    // their schema, and call 2 carries an assistant turn without being a repair).
    expect(client.describes).toEqual(['call1', 'call2', 'repair:call2', 'arbitrate:concept#1', 'arbitrate:concept#2', 'arbitrate:concept#3']);
  });
});

