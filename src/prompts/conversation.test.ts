import { countTokens } from 'gpt-tokenizer';
import { describe, expect, it } from 'vitest';
import { longConversation, sampleA } from './__fixtures__/samples.js';
import { fitConversation, renderTurn } from './conversation.js';

describe('renderTurn', () => {
  it('shows tool calls and tool names', () => {
    const text = renderTurn({ role: 'assistant', content: 'Looking.', tool_calls: [{ name: 'read_file', arguments: '{"path":"a.py"}' }] });
    expect(text).toBe('### assistant\nLooking.\n[tool call] read_file({"path":"a.py"})');
    expect(renderTurn({ role: 'tool', name: 'read_file', content: 'x' })).toBe('### tool (read_file)\nx');
  });
});

describe('fitConversation', () => {
  it('keeps a conversation under the budget whole', () => {
    const fitted = fitConversation(sampleA, { tokenBudget: 1000 });
    expect(fitted.truncation).toBeNull();
    expect(fitted.text).toContain('counts vowels');
  });

  it('needs no tokenizing when the text fits in bytes, and then reports an upper bound of its tokens', () => {
    const fitted = fitConversation(sampleA, { tokenBudget: 1000 });
    expect(fitted.tokens).toBe(Buffer.byteLength(fitted.text, 'utf8'));
    expect(fitted.tokens).toBeGreaterThanOrEqual(countTokens(fitted.text));
  });

  it('counts real tokens when the byte length is over the budget but the tokens are not', () => {
    const bytes = Buffer.byteLength(fitConversation(sampleA, { tokenBudget: 1e9 }).text, 'utf8');
    const tokens = countTokens(fitConversation(sampleA, { tokenBudget: 1e9 }).text);
    const fitted = fitConversation(sampleA, { tokenBudget: bytes - 1 });
    expect(tokens).toBeLessThan(bytes - 1);
    expect(fitted.truncation).toBeNull();
    expect(fitted.tokens).toBeLessThan(bytes);
  });

  it('cuts the middle, keeping the first user turn and the end, and says what was cut', () => {
    const conv = longConversation(40, 60);
    const fitted = fitConversation(conv, { tokenBudget: 2000 });
    expect(fitted.truncation).not.toBeNull();
    expect(fitted.text).toContain('System prompt of the agent.');
    expect(fitted.text).toContain('FIRST-USER-REQUEST');
    expect(fitted.text).toContain('FINAL-ANSWER done.');
    expect(fitted.text).toContain('USER-40');
    expect(fitted.text).not.toContain('ASSISTANT-1 ');
    expect(fitted.text).not.toContain('USER-20 ');
    const t = fitted.truncation!;
    expect(t.turns_cut).toBeGreaterThan(0);
    expect(t.original_tokens).toBeGreaterThan(2000);
    expect(t.kept_tokens).toBeLessThanOrEqual(2000);
    expect(fitted.text).toContain(t.note);
    expect(t.note).toContain(`${t.turns_cut} turn(s)`);
    // The rendered text respects the budget (turn separators aside).
    expect(countTokens(fitted.text)).toBeLessThanOrEqual(2000 + 2 * conv.turns.length);
  });

  it('cuts inside a first user turn or final turn that alone exceeds its share', () => {
    const conv = longConversation(1, 3000);
    const fitted = fitConversation(conv, { tokenBudget: 1000 });
    expect(fitted.text).toContain('FIRST-USER-REQUEST');
    expect(fitted.text).toContain('FINAL-ANSWER done.');
    expect(fitted.text).toMatch(/tokens cut \.\.\./);
    expect(countTokens(fitted.text)).toBeLessThanOrEqual(1100);
  });
});
