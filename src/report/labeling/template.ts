import { PAGE_META } from '../page-meta.js';

/** Template of the labeling summary page; data through {{ }} only, chart SVG (already escaped) through {{{ }}}. */
export const LABELING_TEMPLATE = `<!DOCTYPE html>
<html lang="en">
<head>
${PAGE_META}
<title>sft-label labeling summary: {{s.input}}</title>
<style>{{{css}}}</style>
</head>
<body>
<h1>Labeling summary</h1>
<p class="meta">{{s.input}} · generated {{s.generatedAt}}</p>
<table id="labeling-summary" class="kv"><tbody>
<tr><th>records</th><td>{{s.records}} ({{s.labeled}} labeled, {{s.failed}} failed: {{failedPct}})</td></tr>
<tr><th>model / labeler</th><td>{{s.model}} / {{s.labeler}}{{#if s.promptVersion}} · prompt {{s.promptVersion}}{{/if}}</td></tr>
<tr><th>taxonomy / tool</th><td>{{s.taxonomyVersion}} / {{s.toolVersion}}</td></tr>
<tr><th>arbitrated</th><td>{{s.arbitration.samples}} samples ({{arbitrationPct}})</td></tr>
<tr><th>unmapped tags</th><td>{{s.unmapped.samples}} samples ({{unmappedPct}})</td></tr>
<tr><th>tokens</th><td>{{s.tokens.prompt}} prompt · {{s.tokens.completion}} completion · {{s.tokens.cached}} cached</td></tr>
<tr><th>cost</th><td>{{cost}} ({{costPerSample}} per sample){{#if s.cost.unpricedCalls}} · {{s.cost.unpricedCalls}} calls without a price{{/if}}</td></tr>
<tr><th>time</th><td>{{elapsed}}</td></tr>
</tbody></table>
<h2>Distribution per dimension</h2>
<div class="grid-charts" id="distributions">{{#each distributions}}{{{svg}}}{{/each}}</div>
{{#if calibration}}<h2 id="calibration">Corrected shares (prediction-powered)</h2>
<p class="legend">Per tag: the naive share (the labeler's answers taken as right) and the prediction-powered share and CI (Angelopoulos et al. 2023),
corrected by the same configuration's errors on {{s.calibration.gold_n}} gold samples ({{s.calibration.with}} vs {{s.calibration.gold}}).</p>
<div class="scroll"><table id="calibration-table"><thead><tr><th class="name">dimension</th><th class="name">tag</th><th>count</th><th>naive share</th><th>naive CI</th><th>PPI share</th><th>PPI CI</th><th>bias</th><th>gold</th></tr></thead><tbody>
{{#each calibration}}<tr><td class="name">{{dimension}}</td><td class="name">{{tag}}</td><td>{{count}}</td><td>{{naive}}</td><td>{{naiveCi}}</td><td>{{ppi}}</td><td>{{ppiCi}}</td><td>{{bias}}</td><td>{{gold}}</td></tr>{{/each}}
</tbody></table></div>{{/if}}
<h2>Confidence</h2>
<div class="grid-charts" id="confidence">{{#each histograms}}{{{svg}}}{{/each}}</div>
<h2>Arbitration</h2>
{{#if arbitrationRows.length}}<table><thead><tr><th class="name">dimension</th><th>arbitrated samples</th></tr></thead><tbody>
{{#each arbitrationRows}}<tr><td class="name">{{dimension}}</td><td>{{n}}</td></tr>{{/each}}</tbody></table>{{else}}<p class="legend">No dimension was arbitrated.</p>{{/if}}
<h2>Unmapped tags</h2>
{{#if s.unmapped.values.length}}<table><thead><tr><th class="name">dimension</th><th class="name">value</th><th>count</th></tr></thead><tbody>
{{#each s.unmapped.values}}<tr><td class="name">{{dimension}}</td><td class="name">{{value}}</td><td>{{count}}</td></tr>{{/each}}</tbody></table>{{else}}<p class="legend">None.</p>{{/if}}
<h2>Failures</h2>
{{#if s.failures.length}}<table><thead><tr><th class="name">id</th><th class="name">where</th><th class="name">stage</th><th class="name">reason</th></tr></thead><tbody>
{{#each s.failures}}<tr><td class="name">{{id}}</td><td class="name">{{where}}</td><td class="name">{{stage}}</td><td class="name">{{reason}}</td></tr>{{/each}}</tbody></table>
{{#if s.failuresOmitted}}<p class="legend">… and {{s.failuresOmitted}} more.</p>{{/if}}{{else}}<p class="legend">None.</p>{{/if}}
{{#if s.notes.length}}<h2>Notes</h2><ul>{{#each s.notes}}<li>{{this}}</li>{{/each}}</ul>{{/if}}
</body>
</html>
`;
