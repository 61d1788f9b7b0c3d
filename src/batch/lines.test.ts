import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../llm/index.js';
import { batchRequestLine, parseResultLine, planBatches } from './lines.js';

const request: ChatRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }], temperature: 0.3, max_tokens: 100, response_format: { type: 'json_object' }, sample_index: 2 };

describe('batchRequestLine', () => {
  it('writes custom_id, method, url and the chat body (no sample_index), honouring the wire options', () => {
    expect(JSON.parse(batchRequestLine('k1', request))).toEqual({
      custom_id: 'k1',
      method: 'POST',
      url: '/v1/chat/completions',
      body: { model: 'm', messages: [{ role: 'user', content: 'hi' }], temperature: 0.3, response_format: { type: 'json_object' }, max_tokens: 100 },
    });
    const reasoning = JSON.parse(batchRequestLine('k1', request, { tokenParam: 'max_completion_tokens', sendTemperature: false })) as { body: Record<string, unknown> };
    expect(reasoning.body).not.toHaveProperty('temperature');
    expect(reasoning.body.max_completion_tokens).toBe(100);
  });
  it('carries the registry extras (reasoning_effort, extra_body) like the online client', () => {
    const line = JSON.parse(batchRequestLine('k2', request, { reasoningEffort: 'low', extraBody: { thinking: { type: 'disabled' } } })) as { body: Record<string, unknown> };
    expect(line.body).toMatchObject({ reasoning_effort: 'low', thinking: { type: 'disabled' }, model: 'm' });
  });
});

describe('parseResultLine', () => {
  it('reads an answered line, a failed response, an error line, and rejects junk', () => {
    expect(parseResultLine(JSON.stringify({ custom_id: 'a', response: { status_code: 200, body: { x: 1 } }, error: null }))).toEqual({ custom_id: 'a', ok: true, body: { x: 1 } });
    expect(parseResultLine(JSON.stringify({ custom_id: 'b', response: { status_code: 500, body: { error: { message: 'boom' } } }, error: null }))).toEqual({
      custom_id: 'b',
      ok: false,
      status: 500,
      reason: 'boom',
    });
    expect(parseResultLine(JSON.stringify({ custom_id: 'c', response: null, error: { code: 'batch_expired', message: 'late' } }))).toEqual({
      custom_id: 'c',
      ok: false,
      status: null,
      reason: 'batch_expired: late',
    });
    expect(parseResultLine('')).toBeNull();
    expect(parseResultLine('{"no": "id"}')).toBeNull();
    expect(parseResultLine('{oops')).toBeNull();
  });
});

describe('planBatches', () => {
  it('splits by request count and by bytes, in order, never leaving a batch empty', () => {
    expect(planBatches([1, 1, 1, 1, 1], { maxRequests: 2, maxBytes: 100 })).toEqual([[0, 1], [2, 3], [4]]);
    expect(planBatches([40, 40, 40, 10], { maxRequests: 10, maxBytes: 90 })).toEqual([[0, 1], [2, 3]]);
    // A line above the byte limit goes alone (the provider rejects it and that is reported).
    expect(planBatches([5, 500, 5], { maxRequests: 10, maxBytes: 100 })).toEqual([[0], [1], [2]]);
    expect(planBatches([], { maxRequests: 10, maxBytes: 100 })).toEqual([]);
  });
});
