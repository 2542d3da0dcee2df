import type { PageHeader } from './report-page-html.js';
import type { ReportSection } from './report-section.js';

/** report.md: the same sections; each chart is an image link to its SVG file beside the page. */
export function reportMarkdown(header: PageHeader, sections: readonly ReportSection[], chartPath: (id: string) => string): string {
  const parts = [`# ${header.title}\n`, header.lines.join('  \n') + '\n'];
  for (const s of sections) {
    parts.push(`## ${s.title}\n`);
    for (const c of s.charts) parts.push(`![${c.title}](${encodeURI(chartPath(c.id))})\n\n*${c.caption}*\n`);
    parts.push(s.markdown);
  }
  return parts.join('\n');
}
