/** The report's only stylesheet: inline, no web fonts, works on screen and on A4 paper. */
export const REPORT_CSS = `
:root { color-scheme: light; --text:#1f2430; --muted:#667085; --line:#e3e6eb; --soft:#f6f7f9; --error:#c62828; --warning:#e08600; --info:#1e6fb8; --good:#2e7d32; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 "Segoe UI", system-ui, -apple-system, "Noto Sans", "Noto Sans Hebrew", "Noto Naskh Arabic", "DejaVu Sans", Arial, sans-serif; color: var(--text); background: #fff; }
main { max-width: 1080px; margin: 0 auto; padding: 28px 32px 48px; }
header.top { border-bottom: 3px solid var(--text); padding-bottom: 12px; margin-bottom: 20px; }
header.top h1 { margin: 0 0 4px; font-size: 26px; }
header.top .meta { color: var(--muted); }
h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 18px 0 8px; }
.summary { display: grid; grid-template-columns: 170px 1fr; gap: 24px; align-items: center; }
.facts { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 10px 24px; }
.fact { background: var(--soft); border-radius: 8px; padding: 10px 14px; }
.fact .k { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.fact .v { font-size: 17px; font-weight: 600; }
.fact.wide { grid-column: 1 / -1; }
.sev { display: inline-block; min-width: 64px; text-align: center; border-radius: 10px; padding: 1px 8px; font-size: 12px; font-weight: 600; color: #fff; }
.sev.error { background: var(--error); } .sev.warning { background: var(--warning); } .sev.info { background: var(--info); }
.counts { display: flex; gap: 18px; margin: 8px 0 10px; flex-wrap: wrap; }
.counts span b { font-size: 18px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 14px; }
th, td { text-align: start; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
th { font-size: 12px; color: var(--muted); font-weight: 600; background: var(--soft); }
td.num, th.num { text-align: end; font-variant-numeric: tabular-nums; white-space: nowrap; }
code, .val { font-family: "Cascadia Mono", "DejaVu Sans Mono", Consolas, monospace; font-size: 12.5px; }
.val { white-space: pre-wrap; background: var(--soft); border-radius: 4px; padding: 0 4px; }
.fix { color: var(--muted); font-size: 12.5px; }
.fix b { color: var(--text); font-weight: 600; }
details.table { border: 1px solid var(--line); border-radius: 8px; margin: 10px 0; padding: 0 14px; }
details.table > summary { cursor: pointer; padding: 10px 0; font-weight: 600; list-style-position: inside; }
details.table > summary .score { float: right; font-weight: 700; }
.muted { color: var(--muted); }
.pill { display: inline-block; border: 1px solid var(--line); border-radius: 10px; padding: 0 7px; margin: 1px 3px 1px 0; font-size: 12px; overflow-wrap: anywhere; }
.scroll { overflow-x: auto; }
td.codes code { display: inline-block; font-size: 11.5px; overflow-wrap: anywhere; }
.pill small { color: var(--muted); }
ol.explain li { margin: 3px 0; }
.examples { margin-top: 4px; }
.examples table { width: auto; margin: 2px 0 0; }
.examples td, .examples th { padding: 2px 8px; font-size: 12px; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 10px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  main { padding: 0; max-width: none; }
  h2 { break-after: avoid; }
  tr, .fact, details.table > summary { break-inside: avoid; }
  details.table { break-inside: auto; }
}
`;
