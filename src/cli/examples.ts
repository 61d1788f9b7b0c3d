import type { Command } from 'commander';

/**
 * The `Examples:` section of every command's `--help`, keyed by the command's path (`gold bump`). Commands whose
 * description already ends with its own Examples (run, report, doctor) are not listed. `src/cli/help.test.ts` walks
 * the whole program and fails when a command or subcommand has no Examples section, so a new command needs an
 * entry here (or its own). Lines starting with `#` are comments shown as they are.
 */
export const EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  '': [
    'sft-label label --input data.jsonl --output out/labeled_data.jsonl --model rules',
    'sft-label run experiments/rules-baseline.yaml',
    'sft-label ci experiments/ci.yaml --no-progress',
  ],
  label: [
    '# offline, no key: the rules labeler',
    'sft-label label --input data.jsonl --output out/labeled_data.jsonl --model rules',
    '# an LLM from the registry, 100 random records first',
    'DEEPSEEK_API_KEY=... sft-label label --input data.jsonl --output out/labeled_data.jsonl --model deepseek-v4-flash --limit 100 --shuffle',
    '# production: the configuration `promote` pinned, shard 1 of 4',
    'sft-label label --config production.lock.yaml --input data.jsonl --output out/part1.jsonl --shard 1/4',
    '# a promoted cascade: low-confidence calls go to its second model; stats_*.json counts the escalations and their cost',
    'sft-label label --config experiments/production.lock.yaml --input data.jsonl --output out/labeled_data.jsonl',
  ],
  calibrate: [
    'sft-label calibrate reports/cascade-demo',
    'sft-label calibrate reports/cascade-demo --config deepseek-v3.2__v3 --target 0.95',
    'sft-label calibrate reports/cascade-demo --json > thresholds.json',
  ],
  estimate: [
    'sft-label estimate --input data.jsonl --model deepseek-v4-flash',
    'sft-label estimate --input data.jsonl --model claude-sonnet-4.6 --prompt-version v2,v3 --limit 1000',
  ],
  score: [
    'sft-label score --gold gold/v1 --pred reports/rules-baseline/runs/rules.jsonl',
    'sft-label score --gold gold/v1 --pred out/labeled_gold.jsonl --dims intent,difficulty --json scores.json',
  ],
  compare: [
    'sft-label compare --gold gold/v1 reports/exp/runs/a.jsonl reports/exp/runs/b.jsonl',
    'sft-label compare --gold gold/v1 a.jsonl b.jsonl --dims intent,domain --json compare.json',
    '# a difference smaller than the "detectable drop" column cannot be told from noise on this gold set:',
    '# grow it with `sft-label gold suggest`, label, `review import`, `gold bump`, and compare again',
  ],
  ci: [
    '# replay the committed cache: no request is sent, exit 100 on a significant drop',
    'sft-label ci experiments/ci.yaml --no-progress',
    'sft-label ci experiments/ci.yaml --junit reports/junit.xml',
    '# false discovery rate instead of Holm',
    'sft-label ci experiments/ci.yaml --correction bh',
    '# experiments/x.yaml: gates: {max_drop: 0.05, underpowered: fail}  -> exit 2 while the gold set is too small',
  ],
  baseline: ['sft-label baseline update experiments/ci.yaml'],
  'baseline update': [
    'SFT_LABEL_API_KEY=... sft-label baseline update experiments/ci.yaml',
    '# from answers you already paid for',
    'sft-label baseline update experiments/ci.yaml --from-cache .sft-label/cache',
    'git add experiments/baselines/ci.json cache/ci',
  ],
  promote: [
    'sft-label promote reports/deepseek-vs-sonnet',
    '# tied: promote the cheaper of the tied configurations, and say so',
    'sft-label promote reports/deepseek-vs-sonnet --allow-tie',
    'sft-label promote reports/deepseek-vs-sonnet --config claude-sonnet-4.6__v2 --out experiments/production.lock.yaml',
    '# a cascade of experiments/cascade.yaml: the cheap model labels, low-confidence calls go to the strong one',
    'sft-label promote reports/cascade --config deepseek-v4-flash__then__claude-sonnet-4.6__v3',
  ],
  merge: [
    'sft-label merge out/part1.jsonl out/part2.jsonl out/part3.jsonl out/part4.jsonl --output out/labeled_all.jsonl',
    '# a shard is missing or unfinished: exit 1 naming it; to write what is there anyway (complete: false)',
    'sft-label merge --allow-incomplete --output partial.jsonl out/labeled_*.jsonl',
  ],
  drift: [
    'sft-label drift out/labeled_may.jsonl out/labeled_june.jsonl',
    'sft-label drift out/labeled_may.jsonl out/labeled_june.jsonl --calibrate-with reports/exp/runs/deepseek-v3.2__v3.jsonl',
    'sft-label drift a.jsonl b.jsonl --json > drift.json',
  ],
  review: ['sft-label review export --input out/labeled_x.jsonl --output review.csv', 'sft-label review import review.csv --gold gold/v1 --dry-run'],
  'review export': [
    '# every labeled sample, for Excel',
    'sft-label review export --input labeled_x.json --monitor monitor_x.jsonl --output review.csv --bom',
    '# a gold run: the current gold label beside each prediction (gold set found from the run folder)',
    'sft-label review export --input reports/compare/runs/deepseek__v3.jsonl --output review.csv --bom',
    'sft-label review export --input out/gold.jsonl --monitor out/monitor_gold.jsonl --gold gold/v1 --output review.csv',
    '# the 200 samples a person should check: 160 least confident, 40 drawn at random as an unbiased audit',
    'sft-label review export --input labeled_x.json --output review.csv --budget 200',
    '# rank by calibrated confidence (what the run measured on gold for the configuration that labeled the file)',
    'sft-label review export --input labeled_x.json --output review.csv --budget 200 --calibration reports/deepseek-vs-sonnet/metrics.json --config deepseek-v3.2__v3',
    '# only the least confident, no random share (biased: it says nothing about the rest)',
    'sft-label review export --input labeled_x.json --output review.csv --budget 100 --random-share 0',
  ],
  'review import': [
    'sft-label review import review.csv --gold gold/v1 --reviewer alice --dry-run',
    '# a candidates CSV of `gold suggest` also adds the fully labeled candidates',
    'sft-label review import candidates.csv --gold gold/v1 --reviewer alice',
    '# then write the release entry and the new version',
    'sft-label gold bump gold/v1 --to 1.1.0',
  ],
  gold: ['sft-label gold validate gold/v1', 'sft-label gold stats gold/v1 --min 3'],
  'gold validate': ['sft-label gold validate gold/v1', 'sft-label gold validate gold/v1 --strict --json'],
  'gold stats': ['sft-label gold stats gold/v1', 'sft-label gold stats gold/v1 --min 5 --json'],
  'gold iaa': ['sft-label gold iaa gold/v1', 'sft-label gold iaa gold/v1 --a annotator-a --b annotator-b --json'],
  'gold version': ['sft-label gold version gold/v1'],
  'gold bump': ['sft-label gold bump gold/v1 --to 1.0.1 --note "a-007 difficulty easy -> intermediate (guide 5.2); decided by alice"'],
  'gold collect': ['sft-label gold collect --model claude-opus-4.5 --n 40 --out gold/candidates-2026-12'],
  'gold annotate': ['sft-label gold annotate --model claude-opus-4.5 --candidates gold/candidates-2026-12'],
  taxonomy: ['sft-label taxonomy show', 'sft-label taxonomy show --json | jq ".dimensions[].id"'],
  'taxonomy show': ['sft-label taxonomy show', 'sft-label taxonomy show --json | jq ".dimensions[].id"'],
  'taxonomy validate': ['sft-label taxonomy validate', 'sft-label taxonomy validate my-taxonomy.yaml'],
  cache: ['sft-label cache stats', 'sft-label cache prune --older-than 30d --dry-run'],
  'cache stats': ['sft-label cache stats', 'sft-label cache stats --cache-dir cache --json'],
  'cache prune': [
    'sft-label cache prune --older-than 30d --dry-run',
    '# by registry id (mapped to its wire model name) or by the wire name itself',
    'sft-label cache prune --model deepseek-v4-flash',
  ],
};

/** The path of a command below the program (`gold bump`; the program itself is ''). */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Every command of `program` and their subcommands, depth first (the program itself first). */
export function allCommands(program: Command): Command[] {
  return [program, ...program.commands.flatMap((c) => allCommands(c))];
}

/** Append the Examples section of EXAMPLES to each command of `program` that has one listed. */
export function addExamples(program: Command): void {
  for (const cmd of allCommands(program)) {
    const lines = EXAMPLES[commandPath(cmd)];
    if (lines) cmd.addHelpText('after', `\nExamples:\n${lines.map((l) => `  ${l}`).join('\n')}`);
  }
}
