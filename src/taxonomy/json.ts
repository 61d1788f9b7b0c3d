import type { Taxonomy } from './taxonomy.js';

/** The `taxonomy show --json` shape of DESIGN.md: `{version, dimensions: [...], consistency_rules: [...]}`. */
export function taxonomyToJson(tax: Taxonomy): unknown {
  return {
    taxonomy: tax.file.taxonomy,
    version: tax.version,
    total_tags: tax.tagCount,
    dimensions: tax.dimensions.map((d) => ({
      id: d.id,
      name: d.name,
      call: d.call,
      selection: d.selection,
      ordinal: d.ordinal,
      min: d.min,
      max: d.max,
      none_tag: d.none_tag,
      description: d.description,
      tags: d.tags.map((t) => ({
        id: t.id,
        label: t.label,
        description: t.description,
        ...(t.aliases ? { aliases: t.aliases } : {}),
        ...(t.rank !== undefined ? { rank: t.rank } : {}),
        ...(t.typical_intents ? { typical_intents: t.typical_intents } : {}),
      })),
    })),
    signals: tax.file.signals,
    consistency_rules: tax.file.consistency_rules.map((r) => ({ id: r.id, severity: r.severity, statement: r.statement, check: r.check })),
  };
}
