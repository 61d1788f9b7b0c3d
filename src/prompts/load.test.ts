import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.js';
import { listPromptVersions, loadPromptVersion, splitTemplate } from './load.js';

describe('listPromptVersions', () => {
  it('lists the shipped versions', () => {
    expect(listPromptVersions()).toEqual(expect.arrayContaining(['v1', 'v2']));
  });
});

describe('loadPromptVersion', () => {
  it('loads v1 without and v2 with few-shot examples', () => {
    const v1 = loadPromptVersion('v1');
    const v2 = loadPromptVersion('v2');
    expect(v1.meta.version).toBe('v1');
    expect(v1.fewShot).toHaveLength(0);
    expect(v2.fewShot.length).toBeGreaterThanOrEqual(3);
    expect(v1.templates.call1.system).not.toBe(v2.templates.call1.system);
  });

  it('gives each version a stable content hash', () => {
    expect(loadPromptVersion('v1').hash).toMatch(/^[0-9a-f]{16}$/);
    expect(loadPromptVersion('v1').hash).toBe(loadPromptVersion('v1').hash);
    expect(loadPromptVersion('v1').hash).not.toBe(loadPromptVersion('v2').hash);
  });

  it('suggests the nearest name for an unknown version', () => {
    expect(() => loadPromptVersion('v22')).toThrow(ConfigError);
    expect(() => loadPromptVersion('v22')).toThrow(/did you mean v2\?/);
  });

  it('lists every problem of a broken version with its file', () => {
    const root = mkdtempSync(join(tmpdir(), 'prompts-'));
    mkdirSync(join(root, 'bad'));
    writeFileSync(join(root, 'bad', 'meta.yaml'), 'version: other\ndescription: x\ndiffers: y\nfew_shot: shots.yaml\n');
    writeFileSync(join(root, 'bad', 'call1.hbs'), 'no markers here');
    let err: ConfigError | undefined;
    try {
      loadPromptVersion('bad', { dir: root });
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const text = err?.problems.join('\n') ?? '';
    expect(text).toMatch(/meta\.yaml: version: "other" must equal the folder name "bad"/);
    expect(text).toMatch(/call1\.hbs: expected one/);
    expect(text).toMatch(/call2\.hbs: missing template/);
    expect(text).toMatch(/shots\.yaml: missing file/);
  });
});

describe('splitTemplate', () => {
  it('splits at the system and user markers', () => {
    const problems: string[] = [];
    expect(splitTemplate('{{!-- system --}}\nS\n{{!-- user --}}\nU\n', 'f', problems)).toEqual({ system: 'S\n', user: 'U\n' });
    expect(problems).toEqual([]);
  });
  it('rejects a user part before the system part', () => {
    const problems: string[] = [];
    expect(splitTemplate('{{!-- user --}}\nU\n{{!-- system --}}\nS\n', 'f.hbs', problems)).toBeNull();
    expect(problems[0]).toMatch(/^f\.hbs: /);
  });
});
