#!/usr/bin/env node
/**
 * Start the mock from a shell for demos and benchmarks:
 *   node dist/mock/serve.js --port 8787 --latency-ms 200 --fault-rate 0.2
 * Prints the base URL on stdout (one line) and the stats as JSON on stderr when stopped (Ctrl-C / SIGTERM).
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FAULT_KINDS, type FaultKind } from './replies.js';
import { startMockServer, type MockServerOptions } from './server.js';
import { PERSONAS, type PersonaName } from './personas.js';

const USAGE = `usage: node dist/mock/serve.js [--port N] [--latency-ms N|MIN-MAX] [--fault-rate 0..1] [--faults a,b]
  [--max-concurrent N] [--retry-after-s N|none] [--seed N] [--confidence X|MIN-MAX] [--cached-fraction 0..1]
  [--usage-style openai|deepseek] [--persona ${PERSONAS.join('|')}]
faults: ${FAULT_KINDS.join(', ')}`;

/** Flags -> options; throws with a message naming the flag on bad input. */
export function parseServeArgs(argv: string[]): MockServerOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'latency-ms': { type: 'string' },
      'fault-rate': { type: 'string' },
      faults: { type: 'string' },
      'max-concurrent': { type: 'string' },
      'retry-after-s': { type: 'string' },
      seed: { type: 'string' },
      confidence: { type: 'string' },
      'cached-fraction': { type: 'string' },
      'usage-style': { type: 'string' },
      persona: { type: 'string' },
    },
    strict: true,
  });
  const num = (flag: string, v: string | undefined, min = 0, max = Infinity): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${flag}: expected a number in [${min}, ${max}], got "${v}"`);
    return n;
  };
  const range = (flag: string, v: string | undefined, max = Infinity): number | [number, number] | undefined => {
    const m = v?.match(/^([\d.]+)-([\d.]+)$/);
    return m ? [num(flag, m[1], 0, max) ?? 0, num(flag, m[2], 0, max) ?? 0] : num(flag, v, 0, max);
  };
  const faults = values.faults?.split(',').map((f) => f.trim());
  for (const f of faults ?? [])
    if (!(FAULT_KINDS as readonly string[]).includes(f)) throw new Error(`--faults: unknown fault "${f}" (known: ${FAULT_KINDS.join(', ')})`);
  const style = values['usage-style'];
  if (style !== undefined && style !== 'openai' && style !== 'deepseek') throw new Error(`--usage-style: expected openai or deepseek, got "${style}"`);
  const opts: MockServerOptions = {};
  const set = <K extends keyof MockServerOptions>(k: K, v: MockServerOptions[K] | undefined): void => {
    if (v !== undefined) opts[k] = v;
  };
  set('port', num('port', values.port, 0, 65535));
  set('latencyMs', range('latency-ms', values['latency-ms']));
  set('faultRate', num('fault-rate', values['fault-rate'], 0, 1));
  set('faults', faults as FaultKind[] | undefined);
  set('maxConcurrent', num('max-concurrent', values['max-concurrent'], 1));
  const raText = values['retry-after-s'];
  const ra = raText === 'none' ? undefined : num('retry-after-s', raText);
  set('retryAfter', raText === 'none' ? { none: true } : ra === undefined ? undefined : { seconds: ra });
  set('seed', num('seed', values.seed));
  set('confidence', range('confidence', values.confidence, 1));
  set('cachedFraction', num('cached-fraction', values['cached-fraction'], 0, 1));
  set('usageStyle', style);
  const persona = values.persona;
  if (persona !== undefined && !(PERSONAS as readonly string[]).includes(persona))
    throw new Error(`--persona: unknown persona "${persona}" (known: ${PERSONAS.join(', ')})`);
  set('persona', persona as PersonaName | undefined);
  return opts;
}

async function main(): Promise<void> {
  let options: MockServerOptions;
  try {
    options = parseServeArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const server = await startMockServer(options);
  process.stdout.write(`${server.url}\n`);
  const stop = (): void => {
    const { seen: _seen, ...summary } = server.stats; // request bodies would flood the terminal
    process.stderr.write(`${JSON.stringify(summary)}\n`);
    void server.close();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

// Run only when executed directly (the module is also imported by tests).
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) void main();
