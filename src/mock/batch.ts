import type { IncomingHttpHeaders, ServerResponse } from 'node:http';

/** What a scripted batch does instead of completing normally. */
export type MockBatchScript =
  /** Ends `expired`: the first `answered` share of its requests (default 0.5) is in the output file, the rest in the error file as `batch_expired`. */
  | { kind: 'expire'; answered?: number }
  /** Completes, but every `every`-th request (default 3) is a 500 line in the error file. */
  | { kind: 'partial'; every?: number }
  /** Ends `failed` with a validation error and no files. */
  | { kind: 'fail' };

export interface MockBatchOptions {
  /** A batch completes this long after it is created (polls before that see `in_progress`). Default 50 ms. */
  completeAfterMs?: number;
  /** Per created batch (0-based), in order: what it does; undefined (or past the end) = complete normally. */
  script?: Array<MockBatchScript | undefined> | ((index: number) => MockBatchScript | undefined);
}

export interface MockBatchStats {
  files: number;
  /** Batches created, in order. */
  created: string[];
  /** Request lines answered successfully, over all batches. */
  answered: number;
  /** custom_id -> times it was sent in a batch. */
  sent: Map<string, number>;
  retrieves: number;
}

interface StoredFile {
  id: string;
  filename: string;
  purpose: string;
  content: string;
  created_at: number;
}

interface StoredBatch {
  id: string;
  input_file_id: string;
  created_at: number;
  metadata: unknown;
  status: string;
  doneAt: number;
  script: MockBatchScript | undefined;
  output_file_id?: string;
  error_file_id?: string;
  errors?: { data: Array<{ code: string; message: string; line: number | null }> };
  counts: { total: number; completed: number; failed: number };
}

export interface MockBatches {
  stats: MockBatchStats;
  /** Handle /v1/files and /v1/batches; false when the path is not one of them. */
  handle(method: string, path: string, headers: IncomingHttpHeaders, raw: string, res: ServerResponse): boolean;
}

/**
 * In-memory OpenAI Files + Batches endpoints. `answer(body)` gives the chat.completion body for one request line
 * (the server's normal answer), so batch answers obey the same schema contract as online ones.
 */
export function createMockBatches(options: MockBatchOptions, answer: (body: Record<string, unknown>) => unknown): MockBatches {
  const files = new Map<string, StoredFile>();
  const batches = new Map<string, StoredBatch>();
  const stats: MockBatchStats = { files: 0, created: [], answered: 0, sent: new Map(), retrieves: 0 };
  const delay = options.completeAfterMs ?? 50;
  const json = (res: ServerResponse, status: number, body: unknown): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const notFound = (res: ServerResponse, what: string): void => json(res, 404, { error: { message: `No such ${what}`, type: 'invalid_request_error', code: null } });
  const addFile = (filename: string, purpose: string, content: string): StoredFile => {
    const f = { id: `file-mock${++stats.files}`, filename, purpose, content, created_at: Math.floor(Date.now() / 1000) };
    files.set(f.id, f);
    return f;
  };
  const fileObject = (f: StoredFile): unknown => ({ id: f.id, object: 'file', bytes: Buffer.byteLength(f.content), created_at: f.created_at, filename: f.filename, purpose: f.purpose, status: 'processed' });

  function run(b: StoredBatch): void {
    const input = files.get(b.input_file_id)?.content ?? '';
    const lines = input.split('\n').filter((l) => l.trim());
    b.counts.total = lines.length;
    if (b.script?.kind === 'fail') {
      b.status = 'failed';
      b.errors = { data: [{ code: 'invalid_request', message: 'mock: scripted validation failure', line: 1 }] };
      return;
    }
    const out: string[] = [];
    const err: string[] = [];
    const answeredShare = b.script?.kind === 'expire' ? (b.script.answered ?? 0.5) : 1;
    lines.forEach((text, i) => {
      const req = JSON.parse(text) as { custom_id: string; body: Record<string, unknown> };
      stats.sent.set(req.custom_id, (stats.sent.get(req.custom_id) ?? 0) + 1);
      const id = `batch_req_${b.id}_${i}`;
      if (i >= Math.floor(lines.length * answeredShare)) {
        err.push(JSON.stringify({ id, custom_id: req.custom_id, response: null, error: { code: 'batch_expired', message: 'This request could not be executed before the completion window expired.' } }));
      } else if (b.script?.kind === 'partial' && i % (b.script.every ?? 3) === 0) {
        err.push(JSON.stringify({ id, custom_id: req.custom_id, response: { status_code: 500, request_id: id, body: { error: { message: 'mock: scripted line failure', type: 'server_error' } } }, error: null }));
      } else {
        stats.answered++;
        out.push(JSON.stringify({ id, custom_id: req.custom_id, response: { status_code: 200, request_id: id, body: answer(req.body) }, error: null }));
      }
    });
    b.counts.completed = out.length;
    b.counts.failed = err.length;
    if (out.length) b.output_file_id = addFile(`${b.id}_output.jsonl`, 'batch_output', `${out.join('\n')}\n`).id;
    if (err.length) b.error_file_id = addFile(`${b.id}_error.jsonl`, 'batch_output', `${err.join('\n')}\n`).id;
    b.status = b.script?.kind === 'expire' ? 'expired' : 'completed';
  }

  function batchObject(b: StoredBatch): unknown {
    if (b.status === 'in_progress' && Date.now() >= b.doneAt) run(b);
    return {
      id: b.id,
      object: 'batch',
      endpoint: '/v1/chat/completions',
      errors: b.errors ?? null,
      input_file_id: b.input_file_id,
      completion_window: '24h',
      status: b.status,
      output_file_id: b.output_file_id ?? null,
      error_file_id: b.error_file_id ?? null,
      created_at: b.created_at,
      request_counts: b.counts,
      metadata: b.metadata,
    };
  }

  return {
    stats,
    handle(method, path, headers, raw, res) {
      const p = path.replace(/^\/v1/, '');
      let m: RegExpExecArray | null;
      if (method === 'POST' && p === '/files') {
        const form = parseMultipart(raw, headers['content-type'] ?? '');
        const file = form.get('file');
        if (!file) return json(res, 400, { error: { message: "mock: multipart field 'file' missing" } }), true;
        return json(res, 200, fileObject(addFile(file.filename ?? 'upload.jsonl', form.get('purpose')?.value ?? '', file.value))), true;
      }
      if (method === 'GET' && (m = /^\/files\/([^/]+)\/content$/.exec(p))) {
        const f = files.get(m[1]!);
        if (!f) return notFound(res, `file ${m[1]}`), true;
        return void res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(f.content), true;
      }
      if (method === 'GET' && (m = /^\/files\/([^/]+)$/.exec(p))) {
        const f = files.get(m[1]!);
        return (f ? json(res, 200, fileObject(f)) : notFound(res, `file ${m[1]}`)), true;
      }
      if (method === 'POST' && p === '/batches') {
        const body = JSON.parse(raw || '{}') as { input_file_id?: string; metadata?: unknown };
        if (!body.input_file_id || !files.has(body.input_file_id)) return notFound(res, `file ${body.input_file_id}`), true;
        const index = stats.created.length;
        const script = typeof options.script === 'function' ? options.script(index) : options.script?.[index];
        const b: StoredBatch = {
          id: `batch_mock${index + 1}`,
          input_file_id: body.input_file_id,
          created_at: Math.floor(Date.now() / 1000),
          metadata: body.metadata ?? null,
          status: 'in_progress',
          doneAt: Date.now() + delay,
          script,
          counts: { total: 0, completed: 0, failed: 0 },
        };
        batches.set(b.id, b);
        stats.created.push(b.id);
        return json(res, 200, batchObject(b)), true;
      }
      if ((m = /^\/batches\/([^/]+)(\/cancel)?$/.exec(p))) {
        const b = batches.get(m[1]!);
        if (!b) return notFound(res, `batch ${m[1]}`), true;
        if (method === 'POST' && m[2]) b.status = b.status === 'in_progress' ? 'cancelled' : b.status;
        else stats.retrieves++;
        return json(res, 200, batchObject(b)), true;
      }
      return false;
    },
  };
}

/** Fields of a multipart/form-data body (text parts only: the batch input is JSONL text). */
function parseMultipart(raw: string, contentType: string): Map<string, { value: string; filename?: string }> {
  const fields = new Map<string, { value: string; filename?: string }>();
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const b = boundary?.[1] ?? boundary?.[2];
  if (!b) return fields;
  for (const part of raw.split(`--${b}`)) {
    const end = part.indexOf('\r\n\r\n');
    if (end < 0) continue;
    const head = part.slice(0, end);
    const name = /name="([^"]*)"/i.exec(head)?.[1];
    if (!name) continue;
    const filename = /filename="([^"]*)"/i.exec(head)?.[1];
    const value = part.slice(end + 4).replace(/\r\n$/, '');
    fields.set(name, filename !== undefined ? { value, filename } : { value });
  }
  return fields;
}
