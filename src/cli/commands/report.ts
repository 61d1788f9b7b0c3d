import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../../errors/index.js';
import { renderTerminalSummary, writeLabelingSummary } from '../../report/index.js';
import { historyRunDir, listHistory, renderHistory, renderRunReport } from '../../runner/index.js';
import { loadTaxonomy } from '../../taxonomy/index.js';

interface ReportFlags {
  labels?: string;
  stats?: string;
  out?: string;
  gold?: string;
  promptsDir?: string;
  taxonomy?: string;
  markdown?: boolean;
  list?: boolean;
  run?: string;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .argument('[run-dir]', 'a run folder (reports/<experiment>/ with metrics.json, run.json, runs/)')
    .description(
      'Re-render report.html and report.md of a run folder from its saved results (no model calls), and print the\n' +
        'summary table. report.html is one self-contained file (inline CSS and SVG, no network) that opens from file://.\n\n' +
        'With --labels, render the summary of a production labeling run instead (distribution per dimension,\n' +
        'confidence histogram, arbitration, unmapped tags, failures, cost) as summary_<name>.html and .md.\n\n' +
        'History: every `sft-label run` keeps its scored run in <run-dir>/history/<id>/ (id = its start time, UTC)\n' +
        'while <run-dir>/ itself holds the latest. --list lists them; --run <id> renders a kept one (into its folder).\n\n' +
        'Examples:\n' +
        '  sft-label report reports/rules-baseline\n' +
        '  sft-label report reports/rules-baseline --list\n' +
        '  sft-label report reports/rules-baseline --run 2026-12-05T07-59-05Z\n' +
        '  sft-label report --labels out/labeled_x.jsonl --out out/',
    )
    .option('--labels <file>', 'labeled output of `sft-label label` (its stats_<name>.json is read from beside it)')
    .option('--stats <file>', 'with --labels: stats file (default: stats_<name>.json beside the labeled file)')
    .option('--out <dir>', 'output folder (default: the run folder, or beside the labeled file)')
    .option('--gold <dir>', 'gold set folder (default: the one run.json names)')
    .option('--prompts-dir <dir>', 'prompt versions for the template diff (default: the bundled src/prompts)')
    .option('--taxonomy <file>', 'taxonomy YAML (default: the bundled v3.1)')
    .option('--list', 'list the kept runs of the run folder (history/), oldest first')
    .option('--run <id>', 'render kept run <id> of the run folder (see --list) instead of the latest')
    .option('--markdown', 'print the Markdown report to stdout instead of the table (e.g. >> "$GITHUB_STEP_SUMMARY")')
    .action(async (runDir: string | undefined, flags: ReportFlags) => {
      if (Boolean(runDir) === Boolean(flags.labels)) throw new UsageError('give either a run folder or --labels <file> (one of them)');
      const taxonomy = loadTaxonomy({ path: flags.taxonomy });
      if (flags.labels) {
        const r = await writeLabelingSummary({ labels: flags.labels, stats: flags.stats, outDir: flags.out, taxonomy });
        const s = r.summary;
        if (flags.markdown) process.stdout.write(readFileSync(r.markdown, 'utf8'));
        else process.stdout.write(`${s.records} records: ${s.labeled} labeled, ${s.failed} failed\nwrote ${r.html} and ${r.markdown}\n`);
        for (const n of s.notes) process.stderr.write(`note: ${n}\n`);
        return;
      }
      if (flags.list) {
        process.stdout.write(renderHistory(runDir!, listHistory(runDir!)));
        return;
      }
      const dir = flags.run ? historyRunDir(runDir!, flags.run) : runDir!;
      const r = renderRunReport(dir, { gold: flags.gold, promptsDir: flags.promptsDir, outDir: flags.out, taxonomy });
      if (flags.markdown) process.stdout.write(readFileSync(r.markdown, 'utf8'));
      else process.stdout.write(`${renderTerminalSummary(r.model)}wrote ${r.html} and ${r.markdown}\n`);
      for (const n of r.model.notes) process.stderr.write(`note: ${n}\n`);
    });
}
