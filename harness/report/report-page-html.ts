import { escapeHtml } from './html-text.js';
import type { ReportSection } from './report-section.js';
import { REPORT_CSS } from './report-style.js';

/** Nothing may load: no script, font, image or frame; only the inline style sheet and inline SVG. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export interface PageHeader {
  readonly title: string;
  readonly lines: readonly string[];
}

/** One self-contained HTML file: every chart is inline SVG rendered at write time, the page has no script. */
export function reportHtml(header: PageHeader, sections: readonly ReportSection[], svgById: ReadonlyMap<string, string>): string {
  const toc = sections.map((s) => `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a></li>`).join('');
  const body = sections
    .map((s) => {
      const figures = s.charts
        .map((c) => `<figure class="chart" id="chart-${escapeHtml(c.id)}">\n${svgById.get(c.id) ?? ''}\n<figcaption>${escapeHtml(c.caption)}</figcaption>\n</figure>\n`)
        .join('');
      return `<section id="${escapeHtml(s.id)}">\n<h2>${escapeHtml(s.title)}</h2>\n${figures}${s.html}</section>\n`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(header.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(header.title)}</h1>
${header.lines.map((l) => `<p class="meta">${escapeHtml(l)}</p>`).join('\n')}
<nav aria-label="Contents"><ol>${toc}</ol></nav>
</header>
<main>
${body}
</main>
<footer><p>Static page: no script, no network request; charts are SVG rendered when the report was written (Apache ECharts, server-side). The same tables are in report.md, the charts as SVG files beside it.</p></footer>
</body>
</html>
`;
}
