import type { Command } from 'commander';
import { checkTaxonomyText, DEFAULT_TAXONOMY_PATH, loadTaxonomy, taxonomyToJson } from '../../taxonomy/index.js';
import { ConfigError } from '../../errors/index.js';
import { readFileSync } from 'node:fs';

export function registerTaxonomy(program: Command): void {
  const tax = program.command('taxonomy').description('Show or validate the labeling taxonomy (v3.1: 9 dimensions, 221 tags).');
  tax
    .command('show')
    .description('Print the taxonomy: a summary per dimension, or the whole thing as JSON.')
    .option('--json', 'print {version, dimensions: [...], consistency_rules: [...]} as JSON')
    .option('--taxonomy <file>', 'taxonomy YAML to read instead of the bundled v3.1')
    .action((opts: { json?: boolean; taxonomy?: string }) => {
      const t = loadTaxonomy({ path: opts.taxonomy });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(taxonomyToJson(t), null, 2)}\n`);
        return;
      }
      const lines = [`taxonomy ${t.file.taxonomy} v${t.version}: ${t.dimensions.length} dimensions, ${t.tagCount} tags`, ''];
      for (const d of t.dimensions) {
        const card = d.selection === 'single' ? 'one tag' : `${d.min}-${d.max} tags`;
        lines.push(`${d.name} (${d.id}) call ${d.call}, ${d.selection}${d.ordinal ? ', ordinal' : ''}, ${card}, ${d.tags.length} tags:`);
        lines.push(`  ${d.tags.map((x) => x.id).join(', ')}`);
      }
      lines.push('', `${t.file.consistency_rules.length} consistency rules: ${t.file.consistency_rules.map((r) => r.id).join(', ')}`);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
  tax
    .command('validate')
    .description('Check a taxonomy YAML file and list every problem at once (file:line: path: message). Exit 2 when invalid.')
    .argument('[file]', 'taxonomy YAML (default: the bundled v3.1)')
    .action((file?: string) => {
      const path = file ?? DEFAULT_TAXONOMY_PATH();
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (err) {
        throw new ConfigError(`cannot read taxonomy file ${path}: ${(err as Error).message}`, [], { file: path });
      }
      const problems = checkTaxonomyText(text, path);
      if (problems.length) throw new ConfigError(`invalid taxonomy ${path}: ${problems.length} problem(s)`, problems);
      const t = loadTaxonomy({ path });
      process.stdout.write(`${path}: valid (taxonomy v${t.version}, ${t.dimensions.length} dimensions, ${t.tagCount} tags, ${t.file.consistency_rules.length} rules)\n`);
    });
}
