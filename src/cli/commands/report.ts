import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../../errors/index.js';
import { renderTerminalSummary, writeLabelingSummary, type CalibrationInput, type LabelingSummary } from '../../report/index.js';
import { goldDirOfRunsFile, renderRunReport } from '../../runner/index.js';
import { readGoldLabels, readPredLabels } from '../../score/index.js';
import { loadTaxonomy } from '../../taxonomy/index.js';

interface ReportFlags {
  labels?: string;
  stats?: string;
  out?: string;
  gold?: string;
  promptsDir?: string;
  taxonomy?: string;
  markdown?: boolean;
  calibrateWith?: string;
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
        'Examples:\n' +
        '  sft-label report reports/rules-baseline\n' +
        '  sft-label report --labels out/labeled_x.jsonl --out out/\n' +
        '  sft-label report --labels out/labeled_x.jsonl --calibrate-with reports/exp/runs/deepseek-v3.2__v3.jsonl\n\n' +
        'With --calibrate-with, each tag\'s production share is printed with a prediction-powered 95% CI (Angelopoulos et al.\n' +
        '2023) next to the naive share: the same configuration\'s answers on the gold set measure its errors and correct\n' +
        'the share. The gold set is the one the run folder\'s run.json names, or --gold.',
    )
    .option('--labels <file>', 'labeled output of `sft-label label` (its stats_<name>.json is read from beside it)')
    .option('--stats <file>', 'with --labels: stats file (default: stats_<name>.json beside the labeled file)')
    .option('--out <dir>', 'output folder (default: the run folder, or beside the labeled file)')
    .option('--gold <dir>', 'gold set folder (default: the one run.json names)')
    .option('--calibrate-with <runs-file>', 'with --labels: the same configuration\'s answers on the gold set (reports/<exp>/runs/<config>.jsonl): prediction-powered tag shares')
    .option('--prompts-dir <dir>', 'prompt versions for the template diff (default: the bundled src/prompts)')
    .option('--taxonomy <file>', 'taxonomy YAML (default: the bundled v3.1)')
    .option('--markdown', 'print the Markdown report to stdout instead of the table (e.g. >> "$GITHUB_STEP_SUMMARY")')
    .action(async (runDir: string | undefined, flags: ReportFlags) => {
      if (Boolean(runDir) === Boolean(flags.labels)) throw new UsageError('give either a run folder or --labels <file> (one of them)');
      if (flags.calibrateWith && !flags.labels) throw new UsageError('--calibrate-with goes with --labels <file>');
      const taxonomy = loadTaxonomy({ path: flags.taxonomy });
      if (flags.labels) {
        const calibration = flags.calibrateWith ? await calibrationInput(flags.calibrateWith, flags.gold) : undefined;
        const r = await writeLabelingSummary({ labels: flags.labels, stats: flags.stats, outDir: flags.out, taxonomy, calibration });
        const s = r.summary;
        if (flags.markdown) process.stdout.write(readFileSync(r.markdown, 'utf8'));
        else {
          process.stdout.write(`${s.records} records: ${s.labeled} labeled, ${s.failed} failed\n`);
          if (s.calibration) process.stdout.write(renderCalibration(s.calibration));
          process.stdout.write(`wrote ${r.html} and ${r.markdown}\n`);
        }
        for (const n of s.notes) process.stderr.write(`note: ${n}\n`);
        return;
      }
      const r = renderRunReport(runDir!, { gold: flags.gold, promptsDir: flags.promptsDir, outDir: flags.out, taxonomy });
      if (flags.markdown) process.stdout.write(readFileSync(r.markdown, 'utf8'));
      else process.stdout.write(`${renderTerminalSummary(r.model)}wrote ${r.html} and ${r.markdown}\n`);
      for (const n of r.model.notes) process.stderr.write(`note: ${n}\n`);
    });
}

/** The gold set's labels and the configuration's answers on it, for prediction-powered shares. */
export async function calibrationInput(runsFile: string, gold?: string): Promise<CalibrationInput> {
  const goldDir = goldDirOfRunsFile(runsFile, { gold });
  const [goldLabels, runLabels] = await Promise.all([readGoldLabels(goldDir), readPredLabels(runsFile)]);
  return { with: runsFile, gold: goldDir, goldLabels, runLabels };
}

/** Terminal lines: per dimension, the tags whose corrected share differs most from the naive one. */
function renderCalibration(c: NonNullable<LabelingSummary['calibration']>): string {
  const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
  const lines = [`tag shares corrected with ${c.with} (${c.gold_n} gold samples; prediction-powered ${Math.round(c.confidence * 100)}% CI vs naive):`];
  for (const d of c.dimensions) {
    const top = [...d.tags].sort((a, b) => Math.abs(b.bias ?? 0) - Math.abs(a.bias ?? 0)).slice(0, 5);
    lines.push(`  ${d.dimension}: ${top.map((t) => `${t.tag} ${pct(t.naive)} -> ${pct(t.ppi)} [${pct(t.ppi_ci?.[0] ?? null)}, ${pct(t.ppi_ci?.[1] ?? null)}]`).join('; ')}`);
  }
  lines.push('  (all tags in the summary files)');
  return `${lines.join('\n')}\n`;
}
