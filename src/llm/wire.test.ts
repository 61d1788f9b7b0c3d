import { describe, expect, it } from 'vitest';
import type { ChatRequest } from './types.js';
import { chatBody } from './wire.js';

const request: ChatRequest = {
  model: 'deepseek-flash',
  messages: [{ role: 'user', content: 'json please' }],
  temperature: 0,
  max_tokens: 2048,
  response_format: { type: 'json_object' },
};

describe('chatBody', () => {
  it('sends the OpenAI-common fields in wire order by default', () => {
    expect(JSON.stringify(chatBody(request))).toBe(
      '{"model":"deepseek-flash","messages":[{"role":"user","content":"json please"}],"temperature":0,"response_format":{"type":"json_object"},"max_tokens":2048}',
    );
  });
  it('merges extra_body and reasoning_effort, renames the token limit, drops temperature, takes the attempt budget', () => {
    const body = chatBody(
      request,
      { tokenParam: 'max_completion_tokens', sendTemperature: false, reasoningEffort: 'low', extraBody: { thinking: { type: 'disabled' } } },
      4096,
    );
    expect(body).toEqual({
      model: 'deepseek-flash',
      messages: request.messages,
      response_format: { type: 'json_object' },
      max_completion_tokens: 4096,
      reasoning_effort: 'low',
      thinking: { type: 'disabled' },
    });
  });
  it('never lets extra_body replace the request itself', () => {
    const body = chatBody(request, { extraBody: { model: 'other', messages: [], response_format: null, stream: true, enable_thinking: false } });
    expect(body).toMatchObject({ model: 'deepseek-flash', messages: request.messages, response_format: { type: 'json_object' }, enable_thinking: false });
    expect(body).not.toHaveProperty('stream');
  });
});
