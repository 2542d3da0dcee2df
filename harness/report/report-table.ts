import { escapeHtml } from './html-text.js';

/** A table both page writers render: the same rows in report.md and report.html. */
export interface ReportTable {
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Columns holding numbers are right-aligned; default: every column but the first. */
  readonly numeric?: readonly boolean[];
  /** kv: two columns, item and value. */
  readonly variant?: 'kv';
}

function isNumeric(t: ReportTable, i: number): boolean {
  return t.numeric ? Boolean(t.numeric[i]) : i > 0;
}

function mdCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

export function tableMarkdown(t: ReportTable): string {
  const head = `| ${t.head.map(mdCell).join(' | ')} |`;
  const rule = `|${t.head.map((_, i) => (isNumeric(t, i) ? '---:' : ':---')).join('|')}|`;
  const rows = t.rows.map((r) => `| ${t.head.map((_, i) => mdCell(r[i] ?? '')).join(' | ')} |`);
  return [head, rule, ...rows].join('\n') + '\n';
}

export function tableHtml(t: ReportTable): string {
  const cls = (i: number): string => (isNumeric(t, i) ? ' class="num"' : '');
  const head = t.head.map((h, i) => `<th${cls(i)}>${escapeHtml(h)}</th>`).join('');
  const rows = t.rows.map((r) => `<tr>${t.head.map((_, i) => `<td${cls(i)}>${escapeHtml(r[i] ?? '')}</td>`).join('')}</tr>`).join('\n');
  return `<div class="table-wrap"><table${t.variant ? ` class="${t.variant}"` : ''}>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table></div>\n`;
}
