import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellFootnotes } from '../output/console-table.js';
import type { RunResult } from '../results/result-types.js';
import { REPORT_CSP } from './report-page-html.js';
import { headlineTable } from './summary-section.js';
import { tableMarkdown } from './report-table.js';
import { fixtureRun } from './testing/fixture-runs.js';
import { writeReport, type ReportFiles } from './write-report.js';

describe('writeReport on the headline run', () => {
  const { result, runDir } = fixtureRun('headline');
  let out: string;
  let files: ReportFiles;
  let html: string;
  let md: string;

  beforeAll(async () => {
    out = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-report-'));
    files = await writeReport([result], out, { runDirs: [runDir] });
    html = await readFile(files.htmlFile, 'utf8');
    md = await readFile(files.mdFile, 'utf8');
  }, 60_000);

  afterAll(async () => {
    if (out) await rm(out, { recursive: true, force: true });
  });

  it('writes report.html, report.md and one SVG per chart, and says how many bytes', async () => {
    expect(path.basename(files.htmlFile)).toBe('report.html');
    expect(files.svgFiles.map((f) => path.relative(out, f))).toEqual([
      'charts/latency-percentiles.svg',
      ...result.cells.map((c) => `charts/per-second-${c.id}.svg`),
      'charts/sessions.svg',
      'charts/http404-share.svg',
      'charts/replica-share.svg',
      'charts/cpu.svg',
    ]);
    expect((await stat(files.htmlFile)).size).toBe(files.bytes.html);
    expect((await stat(files.mdFile)).size).toBe(files.bytes.markdown);
    for (const f of files.svgFiles) expect((await readFile(f, 'utf8')).startsWith('<svg')).toBe(true);
  });

  it('keeps the HTML self-contained: a strict CSP, no script, nothing fetched', () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`);
    // url(#id) references an element of the same SVG (clip paths); any other url( could fetch.
    expect(html.match(/<script|<link|<img|<iframe|<object|<embed|@import|url\((?!#)|\ssrc=|\shref="(?!#)/gi) ?? []).toEqual([]);
    // The only URLs are XML namespaces of the inline SVGs.
    const urls = [...html.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0]);
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']));
    expect(html.match(/<svg[\s>]/g)).toHaveLength(files.svgFiles.length);
  });

  it('stays well under 1 MB with its charts', () => {
    expect(files.bytes.html).toBeLessThan(1_000_000);
  });

  it('links every chart from the Markdown, and gives both pages the same headline table', () => {
    for (const f of files.svgFiles) expect(md).toContain(`](${path.relative(out, f)})`);
    expect(md).toContain(tableMarkdown(headlineTable(result.cells)));
    for (const row of headlineTable(result.cells).rows) expect(html).toContain(`<td>${row[0]}</td>`);
  });

  it('lists every footnote of the console table and every balancer configuration, in both pages', async () => {
    const notes = cellFootnotes(result.cells);
    expect(notes.length).toBeGreaterThan(0);
    for (const n of notes) {
      expect(md).toContain(n.text);
      expect(html).toContain(n.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&#39;'));
    }
    const cfg = await readFile(path.join(runDir, 'cells/legacy.sticky-session-id.r3/haproxy.cfg'), 'utf8');
    const line = cfg.split('\n').find((l) => l.includes('stick')) as string;
    expect(md).toContain(line);
    expect(html).toContain(line.trim().replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'));
  });

  it('prints the command that reproduces the run and the scenario it resolved to', () => {
    expect(md).toContain('mcp-lb-bench run scenarios/headline.yaml');
    expect(md).toContain(`"durationMs": ${result.scenario.load.durationMs}`);
  });
});

describe('writeReport input checks', () => {
  const { result, runDir } = fixtureRun('headline');

  it('refuses a mismatched list of run folders', async () => {
    await expect(writeReport([result], os.tmpdir(), { runDirs: [] })).rejects.toMatchObject({ code: 'E_USAGE', exitCode: 2 });
  });

  it('does not read a configuration file the result places outside its run folder', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-report-'));
    try {
      const first = result.cells[0] as RunResult['cells'][number];
      const evil: RunResult = { ...result, cells: [{ ...first, balancer: { ...(first.balancer as NonNullable<typeof first.balancer>), configFile: '../../../../../../etc/hostname' } }] };
      const files = await writeReport([evil], out, { runDirs: [runDir] });
      const md = await readFile(files.mdFile, 'utf8');
      expect(md).toContain('../../../../../../etc/hostname (legacy.round-robin.r3): not read: the path leaves the run folder');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('reports a failed run: a cell that never ran, and a run that stopped before its first cell', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-report-'));
    try {
      const first = result.cells[0] as RunResult['cells'][number];
      const failedCell = { index: 0, id: first.id, model: first.model, policy: first.policy, replicas: 3, flow: 'tools', store: 'memory', plan: first.plan, status: 'failed' as const, error: { code: 'E_PROCESS_START', message: 'haproxy exited' }, startedAt: first.startedAt, finishedAt: first.startedAt };
      const partial: RunResult = { ...result, status: 'failed', cells: [failedCell, ...result.cells.slice(1)] };
      const empty: RunResult = { ...result, status: 'failed', error: { code: 'E_BALANCER_UNAVAILABLE', message: 'no balancer' }, cells: [] };
      const files = await writeReport([partial, empty], out, { runDirs: [runDir, runDir] });
      const md = await readFile(files.mdFile, 'utf8');
      expect(md).toContain(`| ${first.id} ⚠ | — | failed: haproxy exited |`);
      expect(md).toContain(`- ✗ ${first.id}: failed — haproxy exited`);
      expect(md).toContain('- ✗ run failed: no balancer');
      expect(md).toContain(`No per-second series (the cell did not run its load): ${first.id}.`);
      // The empty run draws no empty chart: only the first run's charts were written.
      expect(files.svgFiles.every((f) => path.basename(f).startsWith('run1-'))).toBe(true);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 60_000);

  it('prefixes chart files and anchors per run when a report holds two runs', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-report-'));
    try {
      const outage = fixtureRun('store-outage');
      const files = await writeReport([result, outage.result], out, { runDirs: [runDir, outage.runDir] });
      const names = files.svgFiles.map((f) => path.basename(f));
      expect(names.filter((n) => n.endsWith('latency-percentiles.svg'))).toEqual(['run1-latency-percentiles.svg', 'run2-latency-percentiles.svg']);
      const html = await readFile(files.htmlFile, 'utf8');
      expect(html).toContain(`<section id="run2-methodology">\n<h2>Methodology — ${outage.result.runId}</h2>`);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 60_000);
});
