import { PAGE_META } from './page-meta.js';

/**
 * The comparison report's Handlebars template. Kept in TypeScript (not a .hbs file) so that the built package needs
 * no extra data files. Data goes in through {{ }} (escaped by Handlebars); the only {{{ }}} are chart SVG strings,
 * built by src/report/svg/ with every data string escaped, and the fixed CSS and script.
 */
export const REPORT_TEMPLATE = `<!DOCTYPE html>
<html lang="en">
<head>
${PAGE_META}
<title>sft-label report: {{m.experiment}}</title>
<style>{{{css}}}</style>
</head>
<body>
<h1>sft-label report: {{m.experiment}}</h1>
<p class="meta">Generated {{m.generatedAt}}{{#if m.run}} · run {{m.run.startedAt}} → {{m.run.finishedAt}} ({{runTime}}, {{m.run.status}}){{/if}}</p>

<h2 id="summary">Summary</h2>
<p class="legend">Headline metric per dimension (kappa for single, quadratic kappa for ordinal, alpha-MASI for multi) with its 95% bootstrap CI.
Highlighted: best in its column. <span class="sig-up">▲</span>/<span class="sig-down">▼</span>: significantly better/worse than the baseline
<b>{{m.baseline}}</b> (paired bootstrap p &lt; 0.05, CI excluding 0).</p>
<div class="scroll">
<table id="summary-table">
<thead><tr><th class="name">configuration</th>
{{#each m.dimensions}}<th title="{{kind}}: {{headlineMetric}}">{{id}}</th>{{/each}}
<th>overall</th></tr></thead>
<tbody>
{{#each rows}}<tr>
<td class="name">{{config}}{{#if baseline}} <span class="chip">baseline</span>{{/if}}{{#if failure}} <span class="chip failed" title="{{failure}}">FAILED</span>{{/if}}</td>
{{#each cells}}<td class="{{#if best}}best{{/if}}"><span class="v">{{value}}</span>{{#if best}}<span class="star" title="best in column">★</span>{{/if}}{{#if sig}}{{#if (eq sig "up")}} <span class="sig-up" title="significantly better than baseline">▲</span>{{else}} <span class="sig-down" title="significantly worse than baseline">▼</span>{{/if}}{{/if}}<span class="ci">{{ci}}</span>{{#if diff}}<span class="diff">{{diff}}</span>{{/if}}</td>{{/each}}
{{#with overall}}<td class="{{#if best}}best{{/if}}"><b>{{value}}</b>{{#if sig}}{{#if (eq sig "up")}} <span class="sig-up">▲</span>{{else}} <span class="sig-down">▼</span>{{/if}}{{/if}}<span class="ci">{{ci}}</span>{{#if diff}}<span class="diff">{{diff}}</span>{{/if}}</td>{{/with}}
</tr>{{/each}}
</tbody></table>
</div>
{{#each rows}}{{#if failure}}<p class="failed-note"><b>{{config}} FAILED</b>: {{failure}}. Its scores are not a result; <code>promote</code> refuses it.</p>{{/if}}{{/each}}
{{#if ranking}}<p class="ranking" id="ranking"><b>Ranking:</b> {{ranking}}. Each configuration is compared with the best overall on the same gold samples (paired bootstrap, p-values adjusted over the comparisons); a star marks the best point estimate only.</p>{{/if}}
<h3>Cost, latency and reliability</h3>
<div class="scroll">
<table id="cost-table">
<thead><tr><th class="name">configuration</th><th class="name">model</th><th class="name">prompt</th><th>overall</th><th>cost / sample</th><th>tokens / sample</th><th>latency p50</th><th>latency p95</th><th>failed</th><th>unmapped</th><th>arbitrated</th></tr></thead>
<tbody>
{{#each rows}}<tr><td class="name">{{config}}</td><td class="name">{{model}}</td><td class="name">{{prompt}}</td><td>{{overall.value}}</td><td>{{costPerSample}}</td><td>{{tokensPerSample}}</td><td>{{latencyP50}}</td><td>{{latencyP95}}</td><td>{{failureRate}}</td><td>{{unmappedRate}}</td><td>{{arbitrationRate}}</td></tr>{{/each}}
</tbody></table>
</div>
<p class="legend">Cost per sample at list price (what the sample costs without the response cache); tokens are prompt + completion per sample;
latency per labeled sample; rates are shares of labeled samples with a failure, an unmapped tag or an arbitrated dimension.</p>
{{#if cascades.length}}<h3>Cascades</h3>
<div class="scroll">
<table id="cascade-table">
<thead><tr><th class="name">cascade</th><th class="name">first</th><th class="name">then</th><th>overall</th><th>calls escalated</th><th>cost / sample</th><th>first alone</th><th>then alone</th><th class="name">verdict</th></tr></thead>
<tbody>
{{#each cascades}}<tr><td class="name">{{config}}</td><td class="name">{{first}}</td><td class="name">{{then}}</td><td>{{overall}}</td><td>{{escalated}}</td><td>{{costPerSample}}</td><td>{{firstCostPerSample}}</td><td>{{thenCostPerSample}}</td><td class="name">{{verdict}}</td></tr>{{/each}}
</tbody></table>
</div>
<p class="legend">The first model labels everything; a call with a dimension below its threshold (chosen on gold by cross-fitting: no sample is routed by a threshold chosen on itself) is asked again of the second model, whose answer wins for those dimensions. Scored from the two configurations' answers, with no request of its own.</p>
{{/if}}

{{#if repeats.length}}<h3 id="repeats">Repeats</h3>
<div class="scroll">
<table id="repeats-table">
<thead><tr><th class="name">configuration</th><th>repeats</th><th>mean</th><th>sd</th><th>range</th><th class="name">overall per repeat</th></tr></thead>
<tbody>
{{#each repeats}}<tr><td class="name">{{config}}</td><td>{{n}}</td><td>{{mean}}</td><td>{{sd}}</td><td>{{range}}</td><td class="name">{{values}}</td></tr>{{/each}}
</tbody></table>
</div>
<p class="legend">Overall headline of each repeat: every sample labeled N times (sample_index 0..N-1, each paid for); the tables above score repeat 0. sd = sample standard deviation: run-to-run noise to weigh differences against.</p>
{{/if}}
{{#if detectable.length}}<h3 id="detectable">What this gold set can detect</h3>
<div class="scroll">
<table id="detectable-table">
<thead><tr><th class="name">configuration</th><th>n</th>{{#each m.dimensions}}<th>{{id}}</th>{{/each}}</tr></thead>
<tbody>
{{#each detectable}}<tr><td class="name">{{config}}</td><td>{{n}}</td>{{#each drops}}<td>{{this}}</td>{{/each}}</tr>{{/each}}
</tbody></table>
</div>
<p class="legend">Smallest drop of each headline, from the baseline <b>{{m.baseline}}</b>, that the paired test flags with 80% power (paired bootstrap 95% CI);
a smaller difference cannot be told from noise on these gold samples (–: none detectable). Grow the gold set where it is weak with <code>sft-label gold suggest</code>.</p>
{{/if}}

<h2 id="metrics">Headline metric per dimension</h2>
<p class="legend">Bars: headline; whiskers: 95% CI.{{#if hasCeiling}} Dashed line: agreement between the gold set's independent annotators (the human ceiling).{{else}} The gold set has no independent annotation passes, so no human ceiling is drawn.{{/if}}</p>
<div class="grid-charts" id="metric-charts">{{#each charts.metricBars}}{{{svg}}}{{/each}}</div>

<h2 id="cost">Cost and quality</h2>
{{#if charts.scatter}}<div class="grid-charts">{{{charts.scatter.svg}}}</div>
<p class="legend">Pareto front (no configuration is both cheaper and better): {{#each charts.scatter.front}}<span class="chip">{{this}}</span>{{/each}}
{{#if charts.scatter.left_out.length}} · left out (no cost recorded): {{#each charts.scatter.left_out}}<span class="chip">{{this}}</span>{{/each}}{{/if}}</p>
{{else}}<p class="legend">No configuration has a recorded cost (run.json missing), so there is no cost chart.</p>{{/if}}

<h2 id="calibration">Calibration of confidence</h2>
{{#if calibration}}<p class="legend">Does a label's stated confidence predict agreement with gold (the same tag, or the same set of tags on a multi dimension)?
ECE: expected calibration error over equal-mass bins (0 = a 0.9 means 90% agree); Brier: mean squared error of the confidence; AUROC: chance that a right label
is more confident than a wrong one (0.5 = chance). <span class="verdict-uninformative">Uninformative</span>: the AUROC's 95% CI includes 0.5, so a threshold on this
confidence (arbitration, escalation, review order) selects no better than at random.</p>
<ul id="calibration-verdicts">{{#each calibration.verdicts}}<li><b>{{config}}</b>: <span class="{{#if warn}}verdict-uninformative{{else}}verdict-informative{{/if}}">{{sentence}}</span></li>{{/each}}</ul>
<details><summary>Calibration table</summary><div class="scroll">
<table id="calibration-table">
<thead><tr><th class="name">configuration</th><th class="name">dimension</th><th>n</th><th>agrees</th><th>mean confidence</th><th>ECE</th><th>Brier</th><th>AUROC</th><th>95% CI</th><th class="name">verdict</th></tr></thead>
<tbody>
{{#each calibration.rows}}<tr><td class="name">{{config}}</td><td class="name">{{dimension}}</td><td>{{n}}</td><td>{{accuracy}}</td><td>{{meanConfidence}}</td><td>{{ece}}</td><td>{{brier}}</td><td>{{auroc}}</td><td>{{aurocCi}}</td><td class="name verdict-{{verdict}}">{{verdict}}</td></tr>{{/each}}
</tbody></table></div></details>
<p class="legend">Left: reliability diagram (points below the dashed diagonal are overconfident; point area ~ labels in the bin). Right: accuracy-coverage curve
(keeping only labels at or above a confidence threshold; an informative confidence rises to the left).</p>
<div class="grid-charts" id="calibration-charts">{{#each calibration.charts}}<div class="cal-pair">{{{reliability}}}{{{coverage}}}</div>{{/each}}</div>
{{else}}<p class="legend">This run's metrics.json has no calibration figures (written before they existed); run it again to get them.</p>{{/if}}

<h2 id="confusion">Confusion matrices (single and ordinal dimensions)</h2>
{{#each charts.confusion}}<details{{#if @first}} open{{/if}}><summary>{{config}}</summary><div class="grid-charts">{{#each charts}}{{{svg}}}{{/each}}</div></details>{{/each}}

<h2 id="tags">Per-tag F1 (multi dimensions)</h2>
<div class="grid-charts">{{#each charts.tagF1}}{{{svg}}}{{/each}}</div>

<h2 id="disagreements">Disagreement explorer</h2>
<p class="legend">{{m.disagreements.length}} gold samples where some configuration differs from gold. Red: differs; green: agrees.
<label>Dimension: <select id="dim-filter"><option value="">all</option>{{#each m.dimensions}}<option value="{{id}}">{{id}}</option>{{/each}}</select></label>
<span id="filter-count"></span></p>
<div id="samples">
{{#each samples}}<div class="sample" data-dims="{{dimsAttr}}">
<div><b>{{id}}</b> {{#each dims}}<span class="chip">{{this}}</span>{{/each}}</div>
<pre>{{excerpt}}</pre>
<div class="scroll"><table><thead><tr><th class="name">dimension</th><th class="name">gold</th>{{#each configNames}}<th class="name">{{this}}</th>{{/each}}</tr></thead><tbody>
{{#each rows}}<tr data-dim="{{dim}}"><td class="name">{{dim}}</td><td class="name">{{gold}}</td>{{#each preds}}<td class="name {{cls}}">{{text}}</td>{{/each}}</tr>{{/each}}
</tbody></table></div>
</div>{{/each}}
</div>

<h2 id="prompts">Prompt versions</h2>
{{#if diffs.length}}{{#each diffs}}<details open><summary>{{from}} → {{to}}: {{file}} (+{{added}} −{{removed}})</summary>
<div class="diffview">{{#each lines}}{{#if sep}}<span class="dl sep">⋯</span>{{else}}<span class="dl {{op}}">{{mark}} {{text}}</span>{{/if}}{{/each}}</div></details>{{/each}}
{{else}}<p class="legend">{{#if m.prompts.length}}One prompt version in this run; nothing to compare.{{else}}No prompt templates in this run (the rules labeler takes none).{{/if}}</p>{{/if}}

<h2 id="versions">Versions</h2>
<table class="kv"><tbody>
<tr><th>tool</th><td>{{m.versions.tool}}</td></tr>
<tr><th>taxonomy</th><td>{{m.versions.taxonomy}}</td></tr>
<tr><th>gold</th><td>{{m.versions.gold.name}} {{m.versions.gold.version}} ({{m.versions.gold.samples}} samples, labels sha256 {{m.versions.gold.sha256}})</td></tr>
{{#each promptVersions}}<tr><th>prompt {{name}}</th><td>{{hash}}</td></tr>{{/each}}
{{#if m.run}}<tr><th>run</th><td>{{m.run.startedAt}} → {{m.run.finishedAt}} ({{runTime}})</td></tr>{{/if}}
</tbody></table>
{{#if m.notes.length}}<h2 id="notes">Notes</h2><ul>{{#each m.notes}}<li>{{this}}</li>{{/each}}</ul>{{/if}}
<script>{{{script}}}</script>
</body>
</html>
`;

/**
 * The one inline script: the explorer's dimension filter. The page is complete without it (every sample shown).
 * It reads only data attributes and sets visibility; it never builds markup from data. Allowed by its CSP hash.
 */
export const FILTER_SCRIPT = `(function(){var s=document.getElementById('dim-filter');if(!s)return;var c=document.getElementById('filter-count');
function apply(){var d=s.value,n=0,all=document.querySelectorAll('#samples .sample');
for(var i=0;i<all.length;i++){var el=all[i],show=!d||(' '+el.getAttribute('data-dims')+' ').indexOf(' '+d+' ')>=0;el.hidden=!show;if(show)n++;
var rows=el.querySelectorAll('tr[data-dim]');for(var j=0;j<rows.length;j++){rows[j].hidden=!!d&&rows[j].getAttribute('data-dim')!==d;}}
c.textContent=d?(n+' shown'):'';}
s.addEventListener('change',apply);apply();})();`;
