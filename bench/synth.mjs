// Synthetic SFT code conversations for benchmarks and load tests: varied formats (OpenAI messages with tool calls,
// ShareGPT, Alpaca), code blocks in several languages, multi-turn, a few long ones. Deterministic per seed.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mulberry32 } from '../dist/util/prng.js';

const SNIPPETS = {
  python: 'def fib(n):\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a\n',
  javascript: 'export function debounce(fn, ms) {\n  let t;\n  return (...args) => {\n    clearTimeout(t);\n    t = setTimeout(() => fn(...args), ms);\n  };\n}\n',
  typescript: 'interface User { id: number; name: string }\nexport const byId = (xs: User[]) => new Map(xs.map((u) => [u.id, u]));\n',
  go: 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfor i := 0; i < 3; i++ {\n\t\tfmt.Println(i)\n\t}\n}\n',
  rust: 'fn main() {\n    let v: Vec<i32> = (1..10).filter(|x| x % 2 == 0).collect();\n    println!("{:?}", v);\n}\n',
  java: 'public class Main {\n  public static void main(String[] args) {\n    System.out.println("hi");\n  }\n}\n',
  sql: 'SELECT u.name, COUNT(o.id) AS orders\nFROM users u LEFT JOIN orders o ON o.user_id = u.id\nGROUP BY u.name;\n',
  bash: 'for f in *.log; do\n  gzip "$f"\ndone\n',
  cpp: '#include <vector>\nint sum(const std::vector<int>& v) { int s = 0; for (int x : v) s += x; return s; }\n',
};
const LANGS = Object.keys(SNIPPETS);
const ASKS = [
  'Write a function that %s in %L.',
  'Why does this %L code fail with a TypeError? %s',
  'Refactor this %L snippet to be faster: %s',
  'Convert this to %L and add tests: %s',
  'Explain what this %L code does, step by step: %s',
  'Fix the bug: my %L program crashes when the input is empty. %s',
];
const TOPICS = ['parses a CSV file', 'computes fibonacci numbers', 'debounces events', 'joins two tables', 'reads a config from env', 'retries an HTTP request with backoff'];

/** The project's seeded PRNG (mulberry32), so the generated file is the same on every run. */
export const prng = mulberry32;

export function syntheticRecord(i, rand) {
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const lang = pick(LANGS);
  const ask = pick(ASKS).replace('%L', lang).replace('%s', pick(TOPICS));
  const code = `\`\`\`${lang}\n${SNIPPETS[lang]}\`\`\``;
  const kind = rand();
  if (kind < 0.2) {
    // OpenAI messages with a tool call and its result (agentic).
    return {
      id: `syn-${i}`,
      messages: [
        { role: 'system', content: 'You are a coding agent with shell access.' },
        { role: 'user', content: `${ask}\nThe repo is in /work/repo.` },
        { role: 'assistant', content: '', tool_calls: [{ id: `c${i}`, type: 'function', function: { name: 'bash', arguments: JSON.stringify({ cmd: 'ls -la && cat setup.py' }) } }] },
        { role: 'tool', tool_call_id: `c${i}`, content: 'setup.py\nsrc/\ntests/\n' },
        { role: 'assistant', content: `Here is the change:\n${code}` },
      ],
      tools: [{ type: 'function', function: { name: 'bash', description: 'run a shell command', parameters: { type: 'object', properties: { cmd: { type: 'string' } } } } }],
    };
  }
  if (kind < 0.6) {
    const turns = [{ from: 'human', value: ask }, { from: 'gpt', value: `Sure.\n${code}\nThis runs in O(n).` }];
    if (rand() < 0.4) turns.push({ from: 'human', value: 'Can you add error handling?' }, { from: 'gpt', value: `Updated:\n${code}` });
    if (rand() < 0.02) turns.push({ from: 'human', value: 'Here is the full log:\n' + 'ERROR at line 42\n'.repeat(2000) }, { from: 'gpt', value: 'The log shows the same error repeated.' });
    return { id: `syn-${i}`, conversations: turns };
  }
  if (kind < 0.8) return { instruction: ask, input: rand() < 0.5 ? SNIPPETS[lang] : '', output: code };
  return { id: `syn-${i}`, messages: [{ role: 'user', content: ask }, { role: 'assistant', content: `${code}\n\nUsage: call it with a list.` }] };
}

/** Write `n` records as JSONL to `path`. */
export async function writeSyntheticJsonl(path, n, seed = 1) {
  const rand = prng(seed);
  const out = createWriteStream(path);
  for (let i = 0; i < n; i++) {
    if (!out.write(`${JSON.stringify(syntheticRecord(i, rand))}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/**
 * Write the same records as `writeSyntheticJsonl` (same seed, same order) as one pretty JSON array, each record on
 * its own line. `padBytes` adds a `meta.notes` string of about that many bytes to every record (brackets, commas,
 * quotes and escapes included, as in real dumps' metadata), so a large file needs fewer records: a JSON parser's
 * cost is per byte, labeling's per record. The JSONL twin takes the same `padBytes`.
 */
export async function writeSyntheticArray(path, n, seed = 1, { padBytes = 0, format = 'json' } = {}) {
  const rand = prng(seed);
  const out = createWriteStream(path);
  const pad = padding(padBytes);
  if (format === 'json') out.write('[\n');
  for (let i = 0; i < n; i++) {
    const record = syntheticRecord(i, rand);
    if (pad) record.meta = { source: 'synthetic', notes: pad };
    const text = JSON.stringify(record);
    const line = format === 'json' ? `${i ? ',\n' : ''}${text}` : `${text}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  if (format === 'json') out.write('\n]\n');
  out.end();
  await once(out, 'finish');
}

function padding(bytes) {
  if (!bytes) return '';
  const unit = 'see [the log], {"k": [1, 2]}, path C:\\tmp\\x "quoted" -- ';
  return unit.repeat(Math.ceil(bytes / JSON.stringify(unit).length)).slice(0, bytes);
}
