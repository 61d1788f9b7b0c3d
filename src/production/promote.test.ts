import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, InputError, UsageError } from '../errors/index.js';
import { packagePath } from '../util/paths.js';
import { loadLock, renderLock } from './lock.js';
import { applyLock, checkPinnedWire } from './apply.js';
import { compareCandidates, promote } from './promote.js';

const FIX = packagePath('src', 'production', '__fixtures__', 'report');
const REPORT = join(FIX, 'reports', 'exp1');
const now = (): Date => new Date('2026-11-25T12:00:00Z');

describe('promote', () => {
  it('picks the highest overall score, breaking the tie by cost per sample', () => {
    const lock = promote({ report: REPORT, now });
    // deepseek and gpt-4o-mini both score 0.72; gpt-4o-mini costs 0.04/40 per sample vs 0.08/40.
    expect(lock.config).toBe('gpt-4o-mini__v2__t0');
    expect(lock).toMatchObject({
      model: 'gpt-4o-mini',
      prompt_version: 'v2',
      prompt_hash: 'p2hash',
      taxonomy_version: '3.1',
      created_at: '2026-11-25T12:00:00.000Z',
      // temperature from the config's axis; arbitration and max_tokens from the experiment file; the rest defaults.
      options: { arbitration: true, temperature: 0, confidence_threshold: 0.65, max_tokens: 2048 },
      metrics: { overall: 0.72, dimensions: { intent: 0.8, language: 0.9 } },
      run: { samples: 40, labeled: 38, failed: 2, cost_per_sample_usd: 0.001 },
      gold: { name: 'v1', labels_sha256: 'abc' },
    });
    expect(lock.ranking.map((r) => r.config)).toEqual(['gpt-4o-mini__v2__t0', 'deepseek-v3.2__v2__t0', 'gpt-4o-mini__v2__t0.3', 'rules']);
  });
  it('promotes a named configuration, and names the known ones for an unknown name', () => {
    expect(promote({ report: REPORT, config: 'rules', now })).toMatchObject({ model: 'rules', prompt_version: null, prompt_hash: null });
    expect(() => promote({ report: REPORT, config: 'gpt-4o-mini__v2__t1', now })).toThrow(UsageError);
    expect(() => promote({ report: REPORT, config: 'gpt-4o-mini__v2__t1', now })).toThrow(/did you mean/);
  });
  it('refuses an interrupted run and a missing report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'promote-'));
    cpSync(REPORT, dir, { recursive: true });
    const run = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { status: string };
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ ...run, status: 'interrupted' }));
    expect(() => promote({ report: dir })).toThrow(/status is "interrupted"/);
    expect(() => promote({ report: join(dir, 'nope') })).toThrow(InputError);
  });
});

describe('compareCandidates', () => {
  it('orders by score, then cost (unknown cost last), then name', () => {
    const c = (config: string, overall: number | null, cost: number | null) => ({ config, overall, cost_per_sample_usd: cost });
    const sorted = [c('a', 0.5, null), c('b', 0.5, 0.1), c('c', null, 0), c('d', 0.6, 9), c('e', 0.5, 0.1)].sort(compareCandidates);
    expect(sorted.map((x) => x.config)).toEqual(['d', 'b', 'e', 'a', 'c']);
  });
});

describe('loadLock / renderLock', () => {
  it('round-trips a lock through its YAML text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    const lock = promote({ report: REPORT, now });
    writeFileSync(join(dir, 'p.lock.yaml'), renderLock(lock, 'p.lock.yaml'));
    expect(readFileSync(join(dir, 'p.lock.yaml'), 'utf8')).toMatch(/^# Production configuration/);
    expect(loadLock(join(dir, 'p.lock.yaml'))).toEqual(lock);
  });
  it('lists every problem with its line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    const text = renderLock(promote({ report: REPORT, now }), 'x').replace('temperature: 0\n', 'temperature: hot\n').replace(/^model: .*$/m, 'model: ""');
    writeFileSync(join(dir, 'bad.yaml'), text);
    try {
      loadLock(join(dir, 'bad.yaml'));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems;
      expect(problems).toHaveLength(2);
      expect(problems.some((p) => /bad\.yaml:\d+: options\.temperature/.test(p))).toBe(true);
      expect(problems.some((p) => /bad\.yaml:\d+: model/.test(p))).toBe(true);
    }
  });
});

describe('applyLock', () => {
  const lock = promote({ report: REPORT, now });
  const base = { lockPath: 'p.lock.yaml', taxonomyVersion: '3.1', promptHash: () => 'p2hash' };
  it('gives the locked model, prompt and options', () => {
    expect(applyLock(lock, base)).toMatchObject({ model: 'gpt-4o-mini', prompt: 'v2', temperature: 0, maxTokens: 2048, arbitration: true, confidenceThreshold: 0.65, notes: [] });
    // The run.json of the fixture predates pinning: promote pinned the bundled registry's entry, with no endpoint.
    expect(applyLock(lock, base).models['gpt-4o-mini']).toMatchObject({ model: 'gpt-4o-mini', provider: 'openai' });
    expect(lock.pinned).toMatchObject({ id: 'gpt-4o-mini', wire_model: 'gpt-4o-mini', endpoint: null });
    expect(applyLock(lock, { ...base, given: { model: 'gpt-4o-mini', prompt: 'v2' } }).model).toBe('gpt-4o-mini');
  });
  it('refuses contradicting flags, another taxonomy version and a changed prompt', () => {
    expect(() => applyLock(lock, { ...base, given: { model: 'rules' } })).toThrow(/--model rules contradicts p\.lock\.yaml/);
    expect(() => applyLock(lock, { ...base, given: { arbitration: false } })).toThrow(UsageError);
    expect(() => applyLock(lock, { ...base, taxonomyVersion: '3.2' })).toThrow(/taxonomy 3\.1, this run loads 3\.2/);
    expect(() => applyLock(lock, { ...base, promptHash: () => 'other' })).toThrow(/prompt v2 changed since it was promoted/);
  });
});

describe('applyLock / checkPinnedWire of a cascade', () => {
  const base = { lockPath: 'c.lock.yaml', taxonomyVersion: '3.1', promptHash: () => 'p2hash' };
  const single = promote({ report: REPORT, now });
  const strong = { id: 'strong', wire_model: 'strong-wire', entry: { ...single.pinned!.entry, model: 'strong-wire', response_format: 'json_schema' as const }, endpoint: { host: 'strong.example', base_url: 'https://strong.example/v1', gateway: false } };
  const lock = { ...single, cascade: { then: 'strong', then_config: 'strong__v2', first_config: 'gpt-4o-mini__v2__t0', then_pinned: strong } };
  const registry = (model: string) => ({ registry: { version: 1 as const, file: 'other.yaml', models: { strong: { ...strong.entry, tier: 'strong' as const, model } } }, explicit: true });

  it('joins both pinned entries and checks the wire model each stack sends', () => {
    const locked = applyLock(lock, base);
    expect(Object.keys(locked.models).sort()).toEqual(['gpt-4o-mini', 'strong']);
    expect(locked.models.strong).toMatchObject({ model: 'strong-wire' });
    expect(locked).toMatchObject({ then: 'strong', thenPinned: { wire_model: 'strong-wire' }, notes: [] });
    const first = { wireModel: 'gpt-4o-mini', endpoint: 'https://api.openai.com/v1' };
    expect(checkPinnedWire(locked, 'c.lock.yaml', { ...first, then: { wireModel: 'strong-wire', endpoint: 'https://strong.example/v1' } })).toEqual([]);
    // Through a gateway the second stack would send its id: refused, naming it.
    expect(() => checkPinnedWire(locked, 'c.lock.yaml', { ...first, then: { wireModel: 'strong', endpoint: 'https://gw.example/v1' } })).toThrow(/would send wire model "strong" for strong, the lock was scored sending "strong-wire"/);
    expect(checkPinnedWire(locked, 'c.lock.yaml', { ...first, then: { wireModel: 'strong-wire', endpoint: 'https://proxy.example/v1' } })).toEqual([
      'c.lock.yaml: strong scored against strong.example, labeling against proxy.example (same wire model strong-wire)',
    ]);
  });
  it('refuses a named registry or a response format that contradicts the second model, notes an unpinned one', () => {
    expect(() => applyLock(lock, { ...base, registry: registry('gpt-4o') })).toThrow(/--models: other\.yaml maps strong \(cascade\.then\) to wire model "gpt-4o"/);
    expect(applyLock(lock, { ...base, registry: { ...registry('gpt-4o'), explicit: false } }).notes).toEqual([expect.stringMatching(/maps strong \(cascade\.then\) .*: sending the lock's "strong-wire"$/)]);
    expect(applyLock(lock, { ...base, registry: registry('strong-wire') }).notes).toEqual([]);
    // The first model was scored with json_object, the second with json_schema: the flag contradicts the second.
    const firstObject = { ...lock, pinned: { ...lock.pinned!, entry: { ...lock.pinned!.entry, response_format: 'json_object' as const } } };
    expect(() => applyLock({ ...firstObject, cascade: { ...lock.cascade, then_pinned: { ...strong, entry: { ...strong.entry, response_format: 'json_object' as const } } } }, { ...base, responseFormat: 'json_object' })).not.toThrow();
    expect(() => applyLock(firstObject, { ...base, responseFormat: 'json_object' })).toThrow(/--response-format json_object contradicts .* the lock sets json_schema/);
    const { then_pinned: _tp, ...unpinned } = lock.cascade;
    const old = applyLock({ ...lock, cascade: unpinned }, base);
    expect(old).toMatchObject({ thenPinned: null });
    expect(Object.keys(old.models)).toEqual(['gpt-4o-mini']);
    expect(old.notes).toEqual([expect.stringMatching(/does not pin the wire model of the cascade's second model strong .*resolved through the model registry/)]);
  });
});
