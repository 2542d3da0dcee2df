/** The page's only style sheet, inline (the CSP allows inline style and nothing else). System fonts only. */
export const REPORT_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f4f5f7; color: #1f2328; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header, main, footer { max-width: 1200px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 28px; padding-bottom: 8px; }
h1 { font-size: 26px; margin: 0 0 6px; }
h2 { font-size: 20px; margin: 0 0 14px; padding-bottom: 6px; border-bottom: 1px solid #e1e4e8; }
h3 { font-size: 16px; margin: 22px 0 8px; }
p { margin: 8px 0; }
p.meta { margin: 2px 0; color: #57606a; }
nav ol { list-style: none; display: flex; flex-wrap: wrap; gap: 6px 18px; padding: 0; margin: 14px 0 6px; }
nav a { color: #0969da; text-decoration: none; }
nav a:hover { text-decoration: underline; }
section { background: #fff; border: 1px solid #e1e4e8; border-radius: 8px; padding: 18px 22px; margin: 18px 0; }
figure.chart { margin: 0 0 20px; padding: 6px 6px 10px; border: 1px solid #eaecef; border-radius: 6px; }
figure.chart svg { display: block; width: 100%; height: auto; }
figcaption { color: #57606a; font-size: 13.5px; padding: 4px 8px 0; }
.table-wrap { overflow-x: auto; margin: 10px 0 14px; }
table { border-collapse: collapse; font-size: 13px; width: 100%; }
td:first-child { white-space: nowrap; }
table.kv td:first-child { width: 15em; color: #3d444d; }
table.kv td:last-child { overflow-wrap: anywhere; }
th, td { padding: 5px 9px; border-bottom: 1px solid #eaecef; text-align: left; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; border-bottom: 1px solid #d0d7de; }
tbody tr:nth-child(even) td { background: #fafbfc; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
ul.items { list-style: none; padding: 0; margin: 8px 0; }
ul.items li { padding: 5px 10px; margin: 4px 0; border-left: 3px solid #d0d7de; background: #f6f8fa; border-radius: 0 4px 4px 0; }
ul.items li.error, ul.items li.caution { border-left-color: #cf222e; background: #fff5f5; }
ul.items li.notice { border-left-color: #bf8700; background: #fffbea; }
ul.items li.ok { border-left-color: #1a7f37; background: #f3fbf5; }
.mark { font-weight: 700; }
li.error .mark, li.caution .mark { color: #cf222e; }
li.notice .mark { color: #9a6700; }
li.ok .mark { color: #1a7f37; }
pre { background: #f6f8fa; border: 1px solid #eaecef; border-radius: 6px; padding: 10px 12px; overflow: auto; max-height: 520px; font-size: 12px; line-height: 1.45; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
details { margin: 8px 0; }
summary { cursor: pointer; font-weight: 600; color: #24292f; }
footer { color: #57606a; font-size: 13px; padding-bottom: 30px; }
@media print {
  body { background: #fff; }
  section { border: none; padding: 0; break-inside: auto; }
  figure.chart { break-inside: avoid; }
  nav { display: none; }
}
`;
