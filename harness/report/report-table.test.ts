import { describe, expect, it } from 'vitest';
import { mdCode, mdCodeBlock } from './html-text.js';
import { blocksHtml, blocksMarkdown } from './report-blocks.js';
import { tableHtml, tableMarkdown } from './report-table.js';

describe('report tables', () => {
  const table = { head: ['cell', 'value'], rows: [['a|b', 'x<y & "z"'], ['line\nbreak', '2']] };

  it('escapes pipes and line breaks in Markdown, and right-aligns numeric columns', () => {
    expect(tableMarkdown(table)).toBe('| cell | value |\n|:---|---:|\n| a\\|b | x<y & "z" |\n| line<br>break | 2 |\n');
  });

  it('escapes markup in HTML', () => {
    expect(tableHtml(table)).toContain('<td class="num">x&lt;y &amp; &quot;z&quot;</td>');
    expect(tableHtml({ ...table, variant: 'kv' })).toContain('<table class="kv">');
  });
});

describe('code in Markdown', () => {
  it('fences a block with more backticks than the text holds', () => {
    expect(mdCodeBlock('a ``` b\n', 'sh')).toBe('````sh\na ``` b\n````\n');
  });

  it('spans inline code around backticks', () => {
    expect(mdCode('x')).toBe('`x`');
    expect(mdCode('a`b')).toBe('`` a`b ``');
  });
});

describe('blocks', () => {
  it('render the same findings in both pages, with their marks', () => {
    const blocks = [{ kind: 'list' as const, items: [{ text: 'broke <here>', level: 'error' as const }, { text: 'fine', level: 'ok' as const }] }];
    expect(blocksMarkdown(blocks)).toBe('- ✗ broke <here>\n- ✓ fine\n');
    expect(blocksHtml(blocks)).toBe('<ul class="items">\n<li class="error"><span class="mark">✗</span> broke &lt;here&gt;</li>\n<li class="ok"><span class="mark">✓</span> fine</li>\n</ul>\n');
  });
});
