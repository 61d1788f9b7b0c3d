// Child process of the store tests: one "machine" or worker writing cache entries through the built cache
// (dist/cache/index.js), then printing what it read back. Argument: JSON {dist, store, dir, url, who, distinct, shared}.
import { createHash } from 'node:crypto';

const job = JSON.parse(process.argv[2]);
const { openCache } = await import(job.dist);
const cache = await openCache({ store: job.store, dir: job.dir, url: job.url });

function entry(key, model, describe) {
  return {
    version: 1,
    key,
    created_at: '2026-01-01T00:00:00.000Z',
    model,
    endpoint: 'https://api.example.com/v1',
    request: { temperature: 0, max_tokens: 64, response_format: 'json_object', sample_index: 0, messages: 2, describe },
    result: { content: `{"answer": "${describe}"}`, reasoning: null, finish_reason: 'stop', usage: { prompt_tokens: 10, cached_tokens: 0, completion_tokens: 5 }, latency_ms: 1 },
  };
}

const sha = (text) => createHash('sha256').update(text).digest('hex');
const writes = [];
for (let i = 0; i < job.distinct; i++) {
  const key = sha(`writer-${job.who}-${i}`);
  writes.push(cache.set(key, entry(key, `model-${job.who}`, `w${job.who} #${i}`)));
}
// Every writer stores the same keys too (same request, same answer: what parallel workers do).
for (let i = 0; i < job.shared; i++) {
  const key = sha(`shared-${i}`);
  writes.push(cache.set(key, entry(key, 'shared-model', `shared #${i}`)));
}
await Promise.all(writes);
await cache.close();
process.stdout.write(`${JSON.stringify({ who: job.who, wrote: writes.length })}\n`);
