import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { DEFAULT_FAULT_MIX, toAction, type FaultKind, type MockAction, type MockReply, type MockRequest, type ReplyContext } from './replies.js';
import { toMockRequest } from './request.js';
import { seededRng, type Rng } from './schema-gen.js';
import { createPersona, type PersonaAnswer, type PersonaName } from './personas.js';
import { createMockBatches, type MockBatchOptions, type MockBatchStats } from './batch.js';

/** Per-request context handed to a script. */
export interface MockContext {
  /** 0-based number of this chat request on this server. */
  index: number;
  rng: Rng;
  stats: MockStats;
}

/** Answers one request; undefined falls back to the server's default (fault rate, then a valid answer). */
export type MockScript = (req: MockRequest, ctx: MockContext) => MockReply | undefined | Promise<MockReply | undefined>;

export interface MockServerOptions {
  /** Default 0 (any free port). Always on 127.0.0.1. */
  port?: number;
  /** Delay before answering: fixed, or uniform in [min, max]. Default 0. */
  latencyMs?: number | [number, number];
  /** Requests beyond this many in flight get 429 with Retry-After. Default unlimited. */
  maxConcurrent?: number;
  /** Share of requests answered with a fault drawn from `faults`. Default 0. */
  faultRate?: number;
  /** Faults drawn by `faultRate`. Default DEFAULT_FAULT_MIX (all but the hangs). */
  faults?: readonly FaultKind[];
  /**
   * Retry-After sent with 429s. Default `{ seconds: 1 }`. `{ none: true }`: no Retry-After header at all, as LiteLLM's
   * proxy answers when its own limits refuse a request.
   */
  retryAfter?: { seconds?: number; ms?: number; none?: boolean };
  /** A function per request, or fixed replies used one per request in order. */
  script?: MockScript | MockReply[];
  /** Seed of the random answers and fault draws. Default 1. */
  seed?: number;
  /** Value of every `confidence` number (fixed or range). Default: the schema's bounds. */
  confidence?: number | [number, number];
  /** Share of prompt tokens reported as cached. Default 0. */
  cachedFraction?: number;
  /** Usage fields: OpenAI `prompt_tokens_details.cached_tokens` or DeepSeek `prompt_cache_hit_tokens`. */
  usageStyle?: 'openai' | 'deepseek';
  /** Ids listed by GET /v1/models. Default ['mock-model']. */
  models?: string[];
  /** Answer when a request carries no schema. Default {}. */
  defaultBody?: unknown;
  /** Requests kept in `stats.seen` (the first N). Default 10 000, so long benches do not grow without bound. */
  maxSeen?: number;
  /**
   * Emulate one provider's documented contract (src/mock/personas.ts): requests it would refuse get its status and
   * message, accepted ones its served model name, reasoning tokens and headers. Default none (accepts everything).
   */
  persona?: PersonaName;
  /** /v1/files and /v1/batches (src/mock/batch.ts): completion delay and scripted expired/partial batches. */
  batch?: MockBatchOptions;
}

export interface SeenRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface MockStats {
  /** HTTP requests to /chat/completions. */
  requests: number;
  /** By status code, or `reset` / `hang` / `headers_then_hang`. */
  byStatus: Record<string, number>;
  /** Faults injected, by kind (rate-drawn and scripted). */
  faults: Record<string, number>;
  inFlight: number;
  maxInFlight: number;
  /**
   * With maxConcurrent: total ms during which more than maxConcurrent requests were in flight (the excess being
   * refused). How long clients together overshot the cap, where maxInFlight only says by how much at worst.
   */
  overCapMs: number;
  /** Every request (all paths, up to maxSeen) with headers and raw body, to check where a key went. */
  seen: SeenRequest[];
}

export interface MockServer {
  /** Base URL for an OpenAI client: `http://127.0.0.1:<port>/v1`. */
  url: string;
  port: number;
  stats: MockStats;
  setScript(script: MockScript | MockReply[] | undefined): void;
  /** Batch API counters (files, batches created, lines answered). */
  batch: MockBatchStats;
  close(): Promise<void>;
}

/** Start an OpenAI-compatible mock on 127.0.0.1 (see README.md for the behaviour and the schema contract). */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const rng = seededRng(options.seed ?? 1);
  const persona = options.persona ? createPersona(options.persona) : null;
  const stats: MockStats = { requests: 0, byStatus: {}, faults: {}, inFlight: 0, maxInFlight: 0, overCapMs: 0, seen: [] };
  let overCapSince = 0;
  /** Moves stats.inFlight by `delta`, timing the stretches spent above maxConcurrent. */
  const inFlightBy = (delta: number): void => {
    const cap = options.maxConcurrent ?? Infinity;
    const wasOver = stats.inFlight > cap;
    stats.inFlight += delta;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    const isOver = stats.inFlight > cap;
    if (!wasOver && isOver) overCapSince = performance.now();
    if (wasOver && !isOver) stats.overCapMs += performance.now() - overCapSince;
  };
  const replyCtx: ReplyContext = {
    rng,
    ...(options.confidence !== undefined ? { confidence: options.confidence } : {}),
    defaultBody: options.defaultBody ?? {},
    retryAfter: options.retryAfter ?? { seconds: 1 },
    cachedFraction: options.cachedFraction ?? 0,
    usageStyle: options.usageStyle ?? persona?.usageStyle ?? 'openai',
  };
  let script = options.script;
  // Batch lines get the same answer a chat request would (schema contract, confidence), without faults or latency.
  const batches = createMockBatches(options.batch ?? {}, (body) => JSON.parse((toAction({ type: 'answer' }, toMockRequest({}, body), replyCtx) as { payload: string }).payload));
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const count = (key: string): void => void (stats.byStatus[key] = (stats.byStatus[key] ?? 0) + 1);
  const wait = (ms: number): Promise<void> =>
    ms <= 0 ? Promise.resolve() : new Promise((resolve) => { const t = setTimeout(() => (timers.delete(t), resolve()), ms); timers.add(t); });

  async function chooseReply(req: MockRequest, index: number): Promise<MockReply | undefined> {
    if (Array.isArray(script)) return script.shift();
    if (script) return script(req, { index, rng, stats });
    return undefined;
  }

  function send(res: ServerResponse, action: MockAction): void {
    if (action.kind === 'reset') return void res.socket?.destroy();
    if (action.kind === 'hang') return;
    if (action.kind === 'headers_then_hang') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders();
      return void res.write('\n'); // DeepSeek keeps queued requests alive with blank lines
    }
    res.writeHead(action.status, { 'content-type': action.contentType, ...action.headers });
    res.end(action.payload);
  }

  async function chat(req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> {
    const index = stats.requests++;
    if (options.maxConcurrent !== undefined && stats.inFlight > options.maxConcurrent) {
      count('429');
      const ra = replyCtx.retryAfter;
      const headers = ra.none ? {} : { 'retry-after': String(ra.seconds ?? 1), ...(ra.ms !== undefined ? { 'retry-after-ms': String(ra.ms) } : {}) };
      return send(res, { kind: 'body', status: 429, contentType: 'application/json', headers, payload: JSON.stringify({ error: { message: 'mock: too many concurrent requests', type: 'rate_limit', code: '429' } }) });
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      count('400');
      return send(res, { kind: 'body', status: 400, contentType: 'application/json', payload: JSON.stringify({ error: { message: 'mock: body is not JSON' } }) });
    }
    const request = toMockRequest(req.headers, body);
    const refusal = persona?.check(request, index);
    let reply = refusal ?? (await chooseReply(request, index));
    if (!reply && (options.faultRate ?? 0) > 0 && rng() < (options.faultRate ?? 0)) {
      const mix = options.faults ?? DEFAULT_FAULT_MIX;
      reply = { type: 'fault', fault: mix[Math.floor(rng() * mix.length)] ?? 'server_error' };
    }
    reply ??= { type: 'answer' };
    if (persona && reply.type === 'answer') reply = asPersona(reply, persona.answer(request));
    if (reply.type === 'fault') stats.faults[reply.fault] = (stats.faults[reply.fault] ?? 0) + 1;
    const latency = options.latencyMs ?? 0;
    await wait(reply.delay_ms ?? (Array.isArray(latency) ? latency[0] + rng() * (latency[1] - latency[0]) : latency));
    const action = toAction(reply, request, replyCtx);
    count(action.kind === 'body' ? String(action.status) : action.kind);
    if (!res.destroyed) send(res, action);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (stats.seen.length < (options.maxSeen ?? 10_000)) stats.seen.push({ method: req.method ?? '', path, headers: { ...req.headers }, body: raw });
      if (req.method === 'POST' && /^(\/v1)?\/chat\/completions$/.test(path)) {
        inFlightBy(1);
        res.on('close', () => inFlightBy(-1));
        chat(req, res, raw).catch((err: unknown) => {
          count('500');
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { message: `mock script failed: ${(err as Error).message}` } }));
        });
      } else if (req.method === 'GET' && /^(\/v1)?\/models$/.test(path)) {
        const data = (options.models ?? persona?.models ?? ['mock-model']).map((id) => ({ id, object: 'model', created: 0, owned_by: 'mock' }));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data }));
      } else if (batches.handle(req.method ?? '', path, req.headers, raw, res)) {
        // answered by the Batch API mock
      } else {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `mock: no route ${req.method} ${path}` } }));
      }
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    stats,
    setScript: (next) => void (script = next),
    batch: batches.stats,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy(); // hung requests would otherwise keep close() waiting forever
        server.close(() => resolve());
      }),
  };
}

/** An accepted answer as the persona serves it: its model name, reasoning tokens, headers; empty when out of budget. */
function asPersona(reply: Extract<MockReply, { type: 'answer' }>, a: PersonaAnswer): MockReply {
  return {
    ...reply,
    model: reply.model ?? a.model,
    ...(a.reasoningTokens > 0 || a.truncated ? { reasoning_tokens: a.reasoningTokens } : { reasoning_tokens: 0 }),
    headers: { ...a.headers, ...reply.headers },
    ...(a.reasoningContent !== undefined && reply.reasoning_content === undefined ? { reasoning_content: a.reasoningContent } : {}),
    ...(a.truncated ? { content: '', finish_reason: 'length' } : {}),
  };
}
