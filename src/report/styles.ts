/** Inline CSS shared by the comparison report and the labeling summary (no external fonts: system font stacks). */
export const REPORT_CSS = `
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;--up:#1a7f37;--down:#cf222e;--best:#fff8c5}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1440px;padding:16px 24px 48px}
h1{font-size:22px;margin:8px 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:15px;margin:16px 0 6px}
.meta{color:var(--muted);margin:0 0 8px}
table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid var(--line);padding:4px 7px;text-align:right;vertical-align:top}
th{background:var(--soft);font-weight:600}td.name,th.name{text-align:left}
.scroll{overflow-x:auto}
td.best{background:var(--best)}td.best .v,td.best b{font-weight:700}
.star{color:#9a6700;font-size:11px;margin-left:2px}
.ci{display:block;color:var(--muted);font-size:11px;white-space:nowrap}
.sig-up{color:var(--up);font-weight:700}.sig-down{color:var(--down);font-weight:700}
.diff{display:block;font-size:11px;color:var(--muted);white-space:nowrap}
.legend{color:var(--muted);font-size:12px}
.grid-charts{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}
.chart{max-width:100%;height:auto;background:#fff;border:1px solid var(--line);border-radius:4px}
.chart .ct{font-weight:600;font-size:12px}.chart .lbl{font-size:11px;fill:#24292f}.chart .tick,.chart .axis{font-size:10px;fill:var(--muted)}
.chart .val{font-size:11px;fill:#24292f}.chart .na{font-size:11px;fill:var(--muted);font-style:italic}
.chart .grid{stroke:#eaeef2}.chart .whisker{stroke:#24292f;stroke-width:1.3;fill:none}
.chart .ceiling{stroke:#8250df;stroke-width:1.5;stroke-dasharray:4 3}.chart .ceil-lbl{font-size:10px;fill:#8250df}
.chart .front{stroke:#8250df;stroke-width:1.5;fill:none;stroke-dasharray:5 3}.chart .dot{stroke:#fff;stroke-width:1}.chart .on-front{stroke:#24292f;stroke-width:1.5}
.chart .num{font-size:10px;fill:#24292f}.chart .num.inv{fill:#fff}.chart .diag{stroke:#24292f;stroke-width:1}
details{margin:6px 0}summary{cursor:pointer;font-weight:600}
.sample{border:1px solid var(--line);border-radius:4px;padding:8px 10px;margin:10px 0}
.sample pre,.diffview{white-space:pre-wrap;word-break:break-word;background:var(--soft);padding:6px 8px;border-radius:4px;font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;margin:6px 0;max-height:220px;overflow:auto}
.diffview{max-height:none}
.chip{display:inline-block;background:var(--soft);border:1px solid var(--line);border-radius:10px;padding:0 7px;margin:0 3px 0 0;font-size:11px}
.chip.failed{background:#fde8e8;border-color:#c0392b;color:#8b1a10;font-weight:600}
.failed-note{color:#8b1a10}
td.miss{background:#ffebe9}td.hit{background:#dafbe1}
.dl{display:block}.dl.add{background:#dafbe1}.dl.del{background:#ffebe9}.dl.sep{color:var(--muted)}
.kv td{text-align:left}.kv th{text-align:left}
.hist rect{fill:#0072B2}
.cal-pair{display:flex;gap:6px;flex-wrap:wrap}
.chart .ideal{stroke:#8c959f;stroke-width:1;stroke-dasharray:4 3}.chart .series{fill:none;stroke-width:1.5}
.verdict-uninformative,.verdict-inverted{color:var(--down)}.verdict-informative{color:var(--up)}
`;
