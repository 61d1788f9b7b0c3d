import { describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../../taxonomy/index.js';
import { answer, callOf, fakeClient } from './__fixtures__/fake-client.js';
import { createCascadeLabeler } from './cascade.js';
import { conversation, signals } from './__fixtures__/sample.js';

const taxonomy = loadTaxonomy();
const prices = { input: 1, cached_input: 0.1, output: 2, as_of: '2026', source: 'test', verify: false };

function cascade(weakPatch: Record<string, { tags: string[]; confidence: number }>, threshold: number | Record<string, number> = 0.6) {
  const weak = fakeClient((req) => answer(req, weakPatch));
  const strong = fakeClient((req) => answer(req, { concept: { tags: ['strings-text-processing'], confidence: 0.9 }, intent: { tags: ['learn'], confidence: 0.9 } }));
  const labeler = createCascadeLabeler({
    first: { taxonomy, client: weak, model: { id: 'weak', providerModel: 'weak', responseFormat: 'json_schema', prices }, promptVersion: 'v3' },
    then: { taxonomy, client: strong, model: { id: 'strong', providerModel: 'strong', responseFormat: 'json_schema', prices }, promptVersion: 'v3' },
    threshold,
  });
  return { weak, strong, labeler };
}

describe('cascade labeler', () => {
  it('asks the second model only the low call; its answer wins for the low dimensions only', async () => {
    const { weak, strong, labeler } = cascade({ concept: { tags: ['hash-tables'], confidence: 0.3 } });
    const out = await labeler.label(conversation, signals);
    expect(weak.requests.map(callOf)).toEqual(['call1', 'call2']);
    expect(strong.requests.map(callOf)).toEqual(['call2']);
    expect(out.labels?.concept).toEqual(['strings-text-processing']); // strong's, for the low dimension
    expect(out.labels?.intent).toBe('build'); // weak's: call 1 was not escalated
    expect(out.confidence.concept).toBe(0.9);
    expect(out.labeling_monitor.calls.map((c) => `${c.name}:${c.model}`)).toEqual(['call1:weak', 'call2:weak', 'call2:strong']);
    expect(out.labeling_monitor.issues.escalations).toEqual([
      { call: 'call2', from: 'weak', to: 'strong', low: [{ dimension: 'concept', confidence: 0.3, threshold: 0.6 }], reason: 'concept 0.3 < 0.6', answered: true },
    ]);
    expect(out.labeling_monitor.issues.arbitration).toEqual([]);
  });

  it("v3: the second model's call 2 follows the FIRST model's call-1 answer, byte for byte", async () => {
    const { weak, strong, labeler } = cascade({ concept: { tags: ['hash-tables'], confidence: 0.3 } });
    await labeler.label(conversation, signals);
    const weakCall2 = weak.requests[1]!;
    const strongCall2 = strong.requests[0]!;
    // Same messages (system, sample, call 1's answer as the assistant turn, call 2's request): only the model differs.
    expect(strongCall2.messages).toEqual(weakCall2.messages);
    const assistant = strongCall2.messages.find((m) => m.role === 'assistant')!;
    expect(assistant.content).toContain('"build"');
  });

  it('per-dimension thresholds; nothing low -> no request to the second model', async () => {
    const { strong, labeler } = cascade({ concept: { tags: ['hash-tables'], confidence: 0.3 } }, { concept: 0.2, default: 0.6 });
    const out = await labeler.label(conversation, signals);
    expect(strong.requests).toHaveLength(0);
    expect(out.labeling_monitor.issues.escalations).toEqual([]);
  });
});
