import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toConversation } from '../../conversation/index.js';
import { createOpenAiChatClient } from '../../llm/index.js';
import { startMockServer, type MockServer } from '../../mock/index.js';
import { preprocess } from '../../preprocess/index.js';
import { loadTaxonomy } from '../../taxonomy/index.js';
import { packagePath } from '../../util/paths.js';
import { createLlmLabeler } from './labeler.js';

/** The pipeline against the real client and the mock HTTP server (schema read from the prompt or response_format). */
const taxonomy = loadTaxonomy();
const records = readFileSync(packagePath('src', 'labelers', 'llm', '__fixtures__', 'estimate-input.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() && !l.includes('"broken"'))
  .map((l) => JSON.parse(l) as Record<string, unknown>);

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ seed: 7, confidence: [0.5, 1] });
});
afterAll(async () => {
  await server.close();
});

describe('createLlmLabeler against the mock server', () => {
  for (const promptVersion of ['v2', 'v3'])
    for (const responseFormat of ['json_object', 'json_schema'] as const)
      it(`${promptVersion}: labels every sample in ${responseFormat} mode with valid tags`, async () => {
        const client = createOpenAiChatClient({ baseUrl: server.url, apiKey: null, retry: { baseDelayMs: 1 } });
        const labeler = createLlmLabeler({ taxonomy, client, model: { id: 'mock', providerModel: 'mock-model', responseFormat }, promptVersion });
        for (const [i, record] of records.entries()) {
          const conv = toConversation(record, { index: i });
          const out = await labeler.label(conv, preprocess(conv, taxonomy));
          expect(out.labeling_monitor.error).toBeNull();
          expect(out.labels).not.toBeNull();
          expect(out.labeling_monitor.issues.unmapped).toEqual([]);
          for (const dim of taxonomy.dimensions) expect(out.labels?.[dim.id], dim.id).toBeDefined();
          expect(out.labeling_monitor.calls.slice(0, 2).map((c) => c.name)).toEqual(['call1', 'call2']);
        }
      });

  it('survives a fault mix: every sample labeled or failed with a reason, never thrown', async () => {
    const faulty = await startMockServer({ seed: 3, faultRate: 0.4 });
    try {
      const client = createOpenAiChatClient({ baseUrl: faulty.url, apiKey: null, maxRetries: 1, timeoutMs: 2000, retry: { baseDelayMs: 1, maxRetryAfterMs: 5 } });
      const labeler = createLlmLabeler({ taxonomy, client, model: { id: 'mock', providerModel: 'mock-model', responseFormat: 'json_object' }, promptVersion: 'v1' });
      let labeled = 0;
      let failed = 0;
      for (let round = 0; round < 4; round++)
        for (const [i, record] of records.entries()) {
          const conv = toConversation(record, { index: i });
          const out = await labeler.label(conv, preprocess(conv, taxonomy));
          if (out.labels) labeled++;
          else {
            failed++;
            expect(out.labeling_monitor.error).toMatch(/\S/);
          }
        }
      expect(labeled + failed).toBe(4 * records.length);
      expect(labeled).toBeGreaterThan(0);
      expect(Object.keys(faulty.stats.faults).length).toBeGreaterThan(0);
    } finally {
      await faulty.close();
    }
  });
});
