import { escapeHtml, htmlCodeBlock, mdCodeBlock } from './html-text.js';
import type { ReportChart, ReportSection } from './report-section.js';
import { tableHtml, tableMarkdown, type ReportTable } from './report-table.js';

/** A finding's weight; the page colours and marks it (✗ error, ⚠ caution, ! notice, ✓ ok, · info). */
export type ItemLevel = 'error' | 'caution' | 'notice' | 'ok' | 'info';

/**
 * The content of a section, written once and rendered to both Markdown and HTML, so the two pages
 * cannot drift apart. Text is plain (escaped on the way out), never markup.
 */
export type Block =
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly { readonly text: string; readonly level?: ItemLevel }[] }
  | { readonly kind: 'table'; readonly table: ReportTable }
  | { readonly kind: 'code'; readonly text: string; readonly lang?: string }
  /** Collapsed in HTML (native <details>: no script needed), a titled block in Markdown. */
  | { readonly kind: 'details'; readonly summary: string; readonly blocks: readonly Block[] };

const MARKS: Readonly<Record<ItemLevel, string>> = { error: '✗', caution: '⚠', notice: '!', ok: '✓', info: '·' };

function markdownOf(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `### ${b.text}\n`;
    case 'paragraph':
      return `${b.text}\n`;
    case 'list':
      return b.items.map((i) => `- ${i.level && i.level !== 'info' ? `${MARKS[i.level]} ` : ''}${i.text}`).join('\n') + '\n';
    case 'table':
      return tableMarkdown(b.table);
    case 'code':
      return mdCodeBlock(b.text, b.lang ?? '');
    case 'details':
      return `**${b.summary}**\n\n${blocksMarkdown(b.blocks)}`;
  }
}

function htmlOf(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `<h3>${escapeHtml(b.text)}</h3>\n`;
    case 'paragraph':
      return `<p>${escapeHtml(b.text)}</p>\n`;
    case 'list':
      return `<ul class="items">\n${b.items.map((i) => `<li class="${i.level ?? 'info'}"><span class="mark">${MARKS[i.level ?? 'info']}</span> ${escapeHtml(i.text)}</li>`).join('\n')}\n</ul>\n`;
    case 'table':
      return tableHtml(b.table);
    case 'code':
      return htmlCodeBlock(b.text);
    case 'details':
      return `<details>\n<summary>${escapeHtml(b.summary)}</summary>\n${blocksHtml(b.blocks)}</details>\n`;
  }
}

export function blocksMarkdown(blocks: readonly Block[]): string {
  return blocks.map(markdownOf).join('\n');
}

export function blocksHtml(blocks: readonly Block[]): string {
  return blocks.map(htmlOf).join('');
}

export function sectionOf(id: string, title: string, blocks: readonly Block[], charts: readonly ReportChart[] = []): ReportSection {
  return { id, title, markdown: blocksMarkdown(blocks), html: blocksHtml(blocks), charts };
}
