import type { Command } from 'commander';
import { ConfigError, UsageError } from '../../errors/index.js';
import { bumpGoldVersion, planSuggestion, readCandidateRecords, readSuggestViews, STRATA, goldIaa, goldStats, goldVersion, loadGoldSet, readGoldConversations, readGoldSet, renderIaa, renderStats, statsInputs, validateGoldSet } from '../../gold/index.js';
import { writeCandidatesCsv } from '../../review/index.js';
import { loadTaxonomy } from '../../taxonomy/index.js';
import { registerGoldLlm } from './gold-llm.js';
import { intFlag, numberFlag } from '../flags.js';

interface TaxOpt {
  taxonomy?: string;
}

export function registerGold(program: Command): void {
  const gold = program.command('gold').description('Check, describe and grow gold sets (samples, adjudicated labels, annotation passes).');
  gold
    .command('validate')
    .description('Check a gold set: samples read as conversations, ids unique and matching, label sets valid, manifest hashes; list consistency-rule violations. Exit 2 when broken.')
    .argument('<dir>', 'gold set folder (e.g. gold/v1)')
    .option('--strict', 'count error-severity consistency-rule violations of the gold labels as errors')
    .option('--json', 'print the result as JSON')
    .option('--taxonomy <file>', 'taxonomy YAML (default: the bundled v3.1)')
    .action(async (dir: string, opts: TaxOpt & { strict?: boolean; json?: boolean }) => {
      const taxonomy = loadTaxonomy({ path: opts.taxonomy });
      const r = await validateGoldSet(dir, { taxonomy, strictRules: opts.strict ?? false });
      if (opts.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      else {
        for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
        for (const v of r.ruleViolations) process.stderr.write(`rule ${v.severity}: ${v.file}:${v.line}: id "${v.id}": ${v.message}\n`);
      }
      if (r.errors.length) throw new ConfigError(`gold set ${dir} is invalid: ${r.errors.length} problem(s)`, r.errors, { file: dir });
      if (!opts.json) {
        const ann = Object.entries(r.counts.annotations).map(([k, n]) => `${k} (${n})`).join(', ') || 'none';
        process.stdout.write(
          `${dir}: valid: ${r.counts.samples} samples, ${r.counts.labels} gold label sets, annotation passes: ${ann}; ` +
            `${r.ruleViolations.length} consistency-rule violation(s) listed\n`,
        );
      }
    });
  gold
    .command('stats')
    .description('Coverage per dimension and tag (tags with fewer than --min gold examples) and the composition of a gold set.')
    .argument('<dir>', 'gold set folder')
    .option('--min <n>', 'under-covered threshold (gold examples per tag)', '3')
    .option('--json', 'print the stats as JSON')
    .option('--taxonomy <file>', 'taxonomy YAML (default: the bundled v3.1)')
    .action(async (dir: string, opts: TaxOpt & { min: string; json?: boolean }) => {
      const minExamples = intFlag('--min', opts.min, 1);
      const taxonomy = loadTaxonomy({ path: opts.taxonomy });
      const { set, problems } = readGoldSet(dir);
      if (problems.length) throw new ConfigError(`gold set ${dir} is invalid (run gold validate): ${problems.length} problem(s)`, problems, { file: dir });
      const read = await readGoldConversations(set, taxonomy);
      const stats = goldStats(statsInputs(set, read.samples), taxonomy, { minExamples });
      process.stdout.write(opts.json ? `${JSON.stringify(stats, null, 2)}\n` : `${renderStats(stats)}\n`);
    });
  gold
    .command('iaa')
    .description('Inter-annotator agreement per dimension between two annotation passes (default: the first two non-model passes), with the scorer\'s metrics.')
    .argument('<dir>', 'gold set folder')
    .option('--a <name>', 'first annotation pass (file stem in annotations/)')
    .option('--b <name>', 'second annotation pass')
    .option('--json', 'print {a, b, dimensions, report} as JSON')
    .option('--taxonomy <file>', 'taxonomy YAML (default: the bundled v3.1)')
    .action((dir: string, opts: TaxOpt & { a?: string; b?: string; json?: boolean }) => {
      const taxonomy = loadTaxonomy({ path: opts.taxonomy });
      const r = goldIaa(loadGoldSet(dir), taxonomy, { a: opts.a, b: opts.b });
      process.stdout.write(opts.json ? `${JSON.stringify(r, null, 2)}\n` : `${renderIaa(r)}\n`);
    });
  gold
    .command('version')
    .description('Print the version a run records for this gold set: manifest name and version, sha256 of labels.jsonl, taxonomy version.')
    .argument('<dir>', 'gold set folder')
    .action((dir: string) => {
      process.stdout.write(`${JSON.stringify(goldVersion(dir), null, 2)}\n`);
    });
  gold
    .command('bump')
    .description('After a recorded correction (a "## <version>" entry in CHANGELOG.md), write gold.json with the new version, counts and hashes.')
    .argument('<dir>', 'gold set folder')
    .requiredOption('--to <version>', 'new MAJOR.MINOR.PATCH version')
    .action((dir: string, opts: { to: string }) => {
      const m = bumpGoldVersion(dir, { version: opts.to });
      process.stdout.write(`${dir}: ${m.name} ${m.version} (labels sha256 ${m.files['labels.jsonl'] ?? '?'})\n`);
    });
  gold
    .command('suggest')
    .description(
      'Choose N samples for people to label next, where the gold set is weak: from one or more labeled outputs\n' +
        '(production or experiment runs), samples where the configurations disagree, carrying tags with fewer than --min\n' +
        'gold examples, or with low confidence, stratified (40/30/20/10% of N) and sampled at random within each stratum,\n' +
        'each with its inclusion probability. Writes a review CSV (plus <name>.samples.jsonl with the conversations);\n' +
        'nothing enters the gold set until a person fills every correction cell and runs `review import` + `gold bump`.',
    )
    .requiredOption('--from <file>', 'labeled output (.json or .jsonl); repeat for several configurations', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .requiredOption('--n <n>', 'number of candidates')
    .requiredOption('--output <file>', 'candidates CSV to write')
    .option('--gold <dir>', 'gold set whose coverage and ids are used', 'gold/v1')
    .option('--min <n>', 'a tag with fewer gold examples is under-covered', '3')
    .option('--threshold <c>', 'confidence below this is low', '0.65')
    .option('--seed <n>', 'seed of the random sample within strata', '1')
    .option('--bom', 'start the CSV with a UTF-8 byte order mark (Excel)')
    .option('--taxonomy <file>', 'taxonomy YAML (default: the bundled v3.1)')
    .addHelpText('after', [
      '',
      'Examples:',
      '  sft-label gold suggest --from reports/exp/runs/a.jsonl --from reports/exp/runs/b.jsonl --n 50 --output candidates.csv',
      '  sft-label gold suggest --from out/labeled_prod.jsonl --n 100 --output candidates.csv --gold gold/v1',
      '  # label: fill every <dim>_correction cell of the rows you keep, then',
      '  sft-label review import candidates.csv --gold gold/v1 --reviewer alice && sft-label gold bump gold/v1 --to 1.1.0',
    ].join('\n'))
    .action(async (flags: TaxOpt & { from: string[]; n: string; output: string; gold: string; min: string; threshold: string; seed: string; bom?: boolean }) => {
      const taxonomy = loadTaxonomy({ path: flags.taxonomy });
      const n = intFlag('--n', flags.n, 1);
      const minExamples = intFlag('--min', flags.min, 1);
      const confidenceThreshold = numberFlag('--threshold', flags.threshold, { min: 0, max: 1 });
      const seed = intFlag('--seed', flags.seed, 0);
      const { set, problems } = readGoldSet(flags.gold);
      if (problems.length) throw new ConfigError(`gold set ${flags.gold} is invalid (run gold validate): ${problems.length} problem(s)`, problems, { file: flags.gold });
      const goldCounts = new Map<string, number>();
      for (const l of set.labels) for (const dim of taxonomy.dimensions) for (const t of [l.value.labels[dim.id] ?? []].flat()) goldCounts.set(`${dim.id}\u0000${t}`, (goldCounts.get(`${dim.id}\u0000${t}`) ?? 0) + 1);
      const read = await readSuggestViews(flags.from, new Set(set.samples.map((s) => s.value.id)));
      for (const s of read.skipped) process.stderr.write(`skipped: ${s}\n`);
      const plan = planSuggestion(read.views, { taxonomy, goldCounts, minExamples, confidenceThreshold, n, seed });
      const records = await readCandidateRecords(flags.from, plan.candidates);
      const out = writeCandidatesCsv({ output: flags.output, candidates: plan.candidates, records, from: flags.from, taxonomy, bom: flags.bom ?? false });
      process.stdout.write(`${read.views.length} samples not in ${flags.gold} (${read.inGold} already in it); chose ${plan.candidates.length}:\n`);
      for (const s of STRATA) {
        const st = plan.strata[s];
        process.stdout.write(`  ${s.padEnd(15)} ${String(st.selected).padStart(5)} of ${String(st.population).padStart(7)}  inclusion probability ${st.inclusion_probability.toFixed(4)}\n`);
      }
      process.stdout.write(`wrote ${out.csv} and ${out.samples}. Not gold yet: fill every <dim>_correction cell of a row to add it, then sft-label review import ${out.csv} --gold <dir> and sft-label gold bump.\n`);
      if (!plan.candidates.length) throw new UsageError(`gold suggest: no candidate (every sample of --from is already in ${flags.gold}, or --from is empty)`);
    });
  registerGoldLlm(gold);
}
