import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnnotationRecordSchema } from '../../gold/index.js';
import { startMockServer, type MockServer } from '../../mock/index.js';
import { packagePath } from '../../util/paths.js';
import { runCli } from '../__fixtures__/run-cli.js';

/** Run the built CLI without blocking this process (the mock server answers from here). */
const cli = (env: Record<string, string>, ...args: string[]) => runCli(args, { env });

const CONVERSATION = {
  conversations: [
    { from: 'human', value: 'In Rust, how do I read a file line by line without loading it all?' },
    { from: 'gpt', value: 'Use `BufReader::new(File::open(path)?).lines()` and iterate; each item is an `io::Result<String>`.' },
  ],
};
const KEY = 'sk-test-secret-never-written';

let mock: MockServer;
let dir: string;
beforeAll(async () => {
  mock = await startMockServer({
    script: (req) => (req.text.includes('Write one new conversation') ? { type: 'answer', body: CONVERSATION } : undefined),
  });
  dir = mkdtempSync(join(tmpdir(), 'gold-llm-cli-'));
});
afterAll(async () => {
  await mock.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sft-label gold collect + annotate (mock server)', () => {
  it('collects candidates aimed at the given tags, then pre-annotates them as model annotations', async () => {
    const env = { SFT_LABEL_API_KEY: KEY };
    const out = join(dir, 'cands');
    const c = await cli(env, 'gold', 'collect', '--model', 'mock-model', '--base-url', mock.url, '--n', '3', '--target-tags', 'language:rust,concept:graphs', '--out', out);
    expect(c.stderr).toBe('');
    expect(c.code).toBe(0);
    const cands = readFileSync(join(out, 'candidates.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(cands.map((x) => x.candidate.target)).toEqual(['language:rust', 'concept:graphs', 'language:rust']);
    expect(cands[0].candidate.model).toBe('mock-model');
    const prov = readFileSync(join(out, 'collect.json'), 'utf8');
    expect(prov).toContain('"kind": "gold-candidates"');

    const a = await cli(env, 'gold', 'annotate', '--model', 'mock-model', '--base-url', mock.url, '--candidates', out);
    expect(a.code).toBe(0);
    const file = join(out, 'annotations', 'model-mock-model.jsonl');
    const rows = readFileSync(file, 'utf8').trim().split('\n').map((l) => AnnotationRecordSchema.parse(JSON.parse(l)));
    expect(rows.map((r) => r.id)).toEqual(cands.map((x) => x.id));
    for (const r of rows) expect(r.model_annotation?.model).toBe('mock-model');

    // The key went to the server only, never into a file.
    expect(mock.stats.seen.some((s) => String(s.headers['authorization']).includes(KEY))).toBe(true);
    for (const f of ['candidates.jsonl', 'collect.json', join('annotations', 'model-mock-model.jsonl')]) expect(readFileSync(join(out, f), 'utf8')).not.toContain(KEY);
  });

  it('refuses to collect into a gold set (exit 2)', async () => {
    const r = await cli({}, 'gold', 'collect', '--model', 'mock-model', '--base-url', mock.url, '--n', '1', '--target-tags', 'language:rust', '--out', packagePath('gold', 'v1'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is a gold set/);
  });
});
