import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveScenario } from '../config/resolve-scenario.js';
import type { RunResult } from '../results/result-types.js';
import { runScenario } from '../run/run-scenario.js';
import { CHROMIUM_PATHS, requireTool } from '../testing/requirements.js';
import { REPORT_CSP } from './report-page-html.js';
import { writeReport, type ReportFiles } from './write-report.js';

const browserTool = requireTool('chromium', CHROMIUM_PATHS);
const repoRoot = path.resolve(import.meta.dirname, '../..');
/** Gitignored; CI can keep it as an artifact. */
const ARTIFACTS = path.join(repoRoot, 'test-artifacts', 'report-browser');

// The flags that work on this kind of machine; Playwright adds --headless and a fresh temporary
// --user-data-dir itself (it refuses one in args), and never downloads a browser when given a path.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface PageWatch {
  readonly consoleErrors: string[];
  /** Every request the page made other than loading the report file itself. */
  readonly requests: string[];
}

/** Blocks and counts every request but the page's own file, and records console errors and page errors. */
async function watch(context: BrowserContext, page: Page, pageUrl: string): Promise<PageWatch> {
  const w: PageWatch = { consoleErrors: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') w.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => w.consoleErrors.push(e.message));
  page.on('request', (r) => {
    if (r.url() !== pageUrl) w.requests.push(r.url());
  });
  await context.route('**/*', (route) => (route.request().url() === pageUrl ? route.continue() : route.abort()));
  return w;
}

async function open(browser: Browser, file: string, javaScriptEnabled: boolean): Promise<{ context: BrowserContext; page: Page; seen: PageWatch }> {
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const url = pathToFileURL(file).href;
  const seen = await watch(context, page, url);
  await page.goto(url, { waitUntil: 'load' });
  return { context, page, seen };
}

/** What a reader gets: the charts (size and drawn elements) and the tables (cell text). */
async function contentOf(page: Page): Promise<{ charts: { widthPx: number; heightPx: number; paths: number; texts: number }[]; tables: string[][] }> {
  return page.evaluate(() => ({
    charts: [...document.querySelectorAll('figure.chart > svg')].map((svg) => {
      const box = svg.getBoundingClientRect();
      return { widthPx: Math.round(box.width), heightPx: Math.round(box.height), paths: svg.querySelectorAll('path').length, texts: svg.querySelectorAll('text').length };
    }),
    tables: [...document.querySelectorAll('table')].map((t) => [...t.querySelectorAll('td')].map((td) => td.textContent ?? '')),
  }));
}

describe.skipIf(browserTool.skip)(`report.html in Debian's chromium ${browserTool.reason}`, () => {
  let dir: string;
  let result: RunResult;
  let files: ReportFiles;
  let browser: Browser;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-report-browser-'));
    const scenario = resolveScenario({ file: path.join(repoRoot, 'scenarios/smoke.yaml'), env: {}, flags: { duration: '2s', warmup: '500ms', balancer: 'builtin', set: [] } });
    const outcome = await runScenario({ scenario, resultsRoot: dir, signal: new AbortController().signal, command: ['mcp-lb-bench', 'run', 'scenarios/smoke.yaml', '--duration', '2s', '--warmup', '500ms', '--balancer', 'builtin'] });
    result = outcome.result;
    files = await writeReport([result], outcome.runDir, { runDirs: [outcome.runDir] });
    const executablePath = CHROMIUM_PATHS.find((p) => existsSync(p)) as string;
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reports a completed run of every cell', () => {
    expect(result.status).toBe('completed');
    expect(result.cells.map((c) => c.balancer?.implementation)).toEqual(['builtin', 'builtin', 'builtin', 'builtin']);
  });

  it('loads with zero console errors and zero network requests, under its own content-security policy', async () => {
    const { context, page, seen } = await open(browser, files.htmlFile, true);
    try {
      expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toBe(REPORT_CSP);
      expect(seen.consoleErrors).toEqual([]);
      expect(seen.requests).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows every chart as a visible, non-empty SVG, one per chart file', async () => {
    const { context, page } = await open(browser, files.htmlFile, true);
    try {
      const { charts } = await contentOf(page);
      expect(charts).toHaveLength(files.svgFiles.length);
      for (const c of charts) {
        expect(c.widthPx).toBeGreaterThan(600);
        expect(c.heightPx).toBeGreaterThan(100);
        expect(c.paths).toBeGreaterThan(10);
        expect(c.texts).toBeGreaterThan(3);
      }
      const figures = page.locator('figure.chart > svg');
      for (let i = 0; i < charts.length; i++) expect(await figures.nth(i).isVisible()).toBe(true);
      // One fixed name, overwritten by each run: what CI uploads as the artifact.
      const screenshot = path.join(ARTIFACTS, 'report-smoke.png');
      await mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: screenshot, fullPage: true });
      expect((await stat(screenshot)).size).toBeGreaterThan(50_000);
      process.stdout.write(`report screenshot: ${screenshot}\n`);
    } finally {
      await context.close();
    }
  });

  it('is complete with JavaScript disabled: the same charts and tables', async () => {
    const withJs = await open(browser, files.htmlFile, true);
    const withoutJs = await open(browser, files.htmlFile, false);
    try {
      const a = await contentOf(withJs.page);
      // page.evaluate runs in Playwright's isolated world even when the page's scripts are disabled.
      const b = await contentOf(withoutJs.page);
      expect(b.charts).toEqual(a.charts);
      expect(b.tables).toEqual(a.tables);
      expect(b.tables.flat()).toContain(result.cells[0]?.id);
      expect(withoutJs.seen.consoleErrors).toEqual([]);
      expect(withoutJs.seen.requests).toEqual([]);
    } finally {
      await withJs.context.close();
      await withoutJs.context.close();
    }
  });

  // The checks above would pass on a browser that ignored requests or errors: show they do not.
  it('would see a request and a policy violation if the page had one', async () => {
    const control = path.join(dir, 'control.html');
    await writeFile(control, `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}"></head><body><script>document.title = 'ran'</script><img src="http://127.0.0.1:9/x.png"></body></html>`);
    const { context, page, seen } = await open(browser, control, true);
    try {
      expect(await page.title()).toBe('');
      expect(seen.consoleErrors.some((e) => e.includes('Content Security Policy'))).toBe(true);
    } finally {
      await context.close();
    }
    const noPolicy = path.join(dir, 'no-policy.html');
    await writeFile(noPolicy, `<!doctype html><html><body><img src="http://127.0.0.1:9/x.png"></body></html>`);
    const second = await open(browser, noPolicy, true);
    try {
      expect(second.seen.requests).toEqual(['http://127.0.0.1:9/x.png']);
    } finally {
      await second.context.close();
    }
  });
});
