#!/usr/bin/env node
// Builds gold/v1 from the shared gold sources (shared/gold-src). Run once; the output is committed and never edited
// by hand afterwards (corrections go through gold/v1/CHANGELOG.md or a new version).
//
//   node gold/tools/assemble-v1.mjs <gold-src dir> <out dir> [created YYYY-MM-DD]
//
// samples.jsonl: set-a lines byte for byte (they already carry their ids), then set-r records as
//   {id, gold_source, source_id?, ...original fields}; a record that is a bare message list (mini-swe-agent) is
//   wrapped as {id, gold_source, messages: [...]} because a bare array cannot carry an id.
// annotations/ann1.jsonl, ann2.jsonl: set-a and set-r passes merged per annotator, sorted by id, lines kept byte for byte.
// labels.jsonl: adjudicated labels of both sets, sorted by id, lines kept byte for byte.
// gold.json: the manifest (counts, sha256 of every data file and of every source file).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [src, out, created = new Date().toISOString().slice(0, 10)] = process.argv.slice(2);
if (!src || !out) {
  process.stderr.write('usage: assemble-v1.mjs <gold-src dir> <out dir> [created]\n');
  process.exit(2);
}
const sha256 = (text) => createHash('sha256').update(text).digest('hex');
const lines = (file) => readFileSync(join(src, file), 'utf8').split('\n').filter((l) => l.trim() !== '');
const byId = (a, b) => (JSON.parse(a).id < JSON.parse(b).id ? -1 : 1);

function publicSample(line) {
  const { id, source, record } = JSON.parse(line);
  const gold_source = source.replace(/^formats\//, 'shared/formats/');
  if (Array.isArray(record)) return JSON.stringify({ id, gold_source, messages: record });
  const { id: sourceId, ...rest } = record;
  const head = sourceId === undefined ? { id, gold_source } : { id, gold_source, source_id: sourceId };
  return JSON.stringify({ ...head, ...rest });
}

const samples = [...lines('set-a.jsonl'), ...lines('set-r.jsonl').map(publicSample)];
const labels = [...lines('labels.set-a.jsonl'), ...lines('labels.set-r.jsonl')].sort(byId);
const ann = (n) => [...lines(`annotations/set-a.ann${n}.jsonl`), ...lines(`annotations/set-r.ann${n}.jsonl`)].sort(byId);

const files = {
  'samples.jsonl': samples,
  'labels.jsonl': labels,
  'annotations/ann1.jsonl': ann(1),
  'annotations/ann2.jsonl': ann(2),
};
mkdirSync(join(out, 'annotations'), { recursive: true });
const hashes = {};
for (const [name, rows] of Object.entries(files)) {
  const text = `${rows.join('\n')}\n`;
  writeFileSync(join(out, name), text);
  hashes[name] = sha256(text);
}
const sourceFiles = ['set-a.jsonl', 'set-r.jsonl', 'labels.set-a.jsonl', 'labels.set-r.jsonl',
  'annotations/set-a.ann1.jsonl', 'annotations/set-a.ann2.jsonl', 'annotations/set-r.ann1.jsonl', 'annotations/set-r.ann2.jsonl'];
const manifest = {
  format_version: 1,
  name: 'sft-label-gold',
  version: '1.0.0',
  created,
  description: '108 code-SFT conversations (60 written for the set, 48 real public records), two independent annotation passes, adjudicated labels.',
  taxonomy: { name: 'code-sft', version: '3.1' },
  counts: {
    samples: samples.length,
    labels: labels.length,
    written: lines('set-a.jsonl').length,
    public: lines('set-r.jsonl').length,
    annotations: { ann1: files['annotations/ann1.jsonl'].length, ann2: files['annotations/ann2.jsonl'].length },
  },
  files: hashes,
  source: {
    description: 'shared/gold-src (set-a, set-r, two annotation passes per set, adjudicated labels per set)',
    sha256: Object.fromEntries(sourceFiles.map((f) => [f, sha256(readFileSync(join(src, f), 'utf8'))])),
  },
};
writeFileSync(join(out, 'gold.json'), `${JSON.stringify(manifest, null, 2)}\n`);
process.stdout.write(`wrote ${out}: ${samples.length} samples, ${labels.length} labels\n`);
