import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendHistoryLine } from '../nightly/history-file.js';
import { historyLine } from '../results/history-record.js';
import { readResult } from '../results/read-result.js';
import { main } from './main.js';
import { fakeIo } from './testing/fake-io.js';

const fixtures = fileURLToPath(new URL('../report/testing/', import.meta.url));
const headline = path.join(fixtures, 'headline-run', 'result.json');
const size = path.join(fixtures, 'size-run', 'size.json');

/** The report command on real result files of each kind: what lands on the page. */
describe('mcp-lb-bench report', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-report-kinds-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('renders a run and a size result into one page', async () => {
    const io = fakeIo(dir);
    expect(await main(['report', headline, size, '--out', 'both'], io), io.err()).toBe(0);
    const md = await readFile(path.join(dir, 'both', 'report.md'), 'utf8');
    expect(md).toMatch(/Capacity/i);
    expect(md).toMatch(/legacy\.sticky-session-id\.r3/);
  });

  it('--compare adds the comparison of two runs; with one run it is a usage error (exit 2)', async () => {
    const io = fakeIo(dir);
    expect(await main(['report', headline, headline, '--compare', '--out', 'cmp'], io), io.err()).toBe(0);
    expect(await readFile(path.join(dir, 'cmp', 'report.md'), 'utf8')).toMatch(/unchanged|too noisy|too-noisy/);
    const one = fakeIo(dir);
    expect(await main(['report', headline, '--compare', '--out', 'cmp1'], one)).toBe(2);
    expect(one.err()).toMatch(/--compare needs exactly two run results/);
  });

  it('renders a history file on its own', async () => {
    const history = path.join(dir, 'history.jsonl');
    // Three nights of the same experiment: one series, a trend line per figure.
    const a = await readResult(headline);
    for (const day of [1, 2, 3]) await appendHistoryLine(history, historyLine(a, () => new Date(`2026-12-0${day}T03:00:00Z`)));
    const io = fakeIo(dir);
    expect(await main(['report', history, '--out', 'trend'], io), io.err()).toBe(0);
    expect(io.out()).toMatch(/report\.html \(\d+ bytes, self-contained\)/);
    expect(await readFile(path.join(dir, 'trend', 'report.html'), 'utf8')).toMatch(/<svg/);
  });
});
