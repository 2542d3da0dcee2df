import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureRun } from '../report/testing/fixture-runs.js';
import { historyLine } from '../results/history-record.js';
import { main } from './main.js';
import { fakeIo } from './testing/fake-io.js';

/** compare and history through main() with a fake CliIo, on the real headline fixture: no process starts. */

const { result, runDir } = fixtureRun('headline');
const fixtureFile = path.join(runDir, 'result.json');

function workDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'nightly-cli-'));
}

describe('mcp-lb-bench compare', () => {
  it('compares a result with itself: a table, a summary line, JUnit and Markdown files, exit 0', async () => {
    const dir = workDir();
    const stepSummary = path.join(dir, 'step-summary.md');
    writeFileSync(stepSummary, '# earlier step\n');
    const io = fakeIo(dir, { GITHUB_STEP_SUMMARY: stepSummary });
    const code = await main(['compare', fixtureFile, fixtureFile, '--junit', 'c.xml', '--summary-md', 'c.md', '--fail-on', 'regressed,improved'], io);
    expect(code).toBe(0);
    expect(io.out()).toMatch(/0 regressed, 0 improved, \d+ unchanged, \d+ too noisy, 0 in one run only \(4 cells compared\)/);
    expect(io.out()).toMatch(/stateless\.round-robin\.r3 +│ call p99 +│ 7\.16 ms +│ 7\.16 ms +│ 0\.0 %/);
    const xml = readFileSync(path.join(dir, 'c.xml'), 'utf8');
    expect(xml).toMatch(/<testsuites tests="\d+" failures="0"/);
    expect(xml).toContain('classname="mcp-lb-bench.compare.stateless.round-robin.r3" name="callP99"');
    const md = readFileSync(path.join(dir, 'c.md'), 'utf8');
    expect(md).toMatch(/^### mcp-lb-bench compare: ⚪ no regression found/);
    // Appended to the job summary after what an earlier step wrote.
    expect(readFileSync(stepSummary, 'utf8')).toBe(`# earlier step\n${md}\n`);
  });

  it('--fail-on regressed exits 4 and names the figures; JUnit failures carry both numbers', async () => {
    const dir = workDir();
    // The candidate: every measured request of stateless round-robin failed (rates are tested on counts).
    const broken = structuredClone(result) as unknown as { cells: { id: string; metrics: { measuredFailedRequests: number; measuredRequests: number } }[] };
    const cell = broken.cells.find((c) => c.id === 'stateless.round-robin.r3');
    if (!cell) throw new Error('fixture cell missing');
    cell.metrics.measuredFailedRequests = 50;
    writeFileSync(path.join(dir, 'candidate.json'), JSON.stringify(broken));
    const io = fakeIo(dir);
    const code = await main(['compare', fixtureFile, 'candidate.json', '--fail-on', 'regressed', '--junit', 'c.xml'], io);
    expect(code).toBe(4);
    expect(io.err()).toMatch(/--fail-on regressed: 1 figure\(s\)\n {2}stateless\.round-robin\.r3 request errors: regressed/);
    expect(io.out()).toMatch(/✗ stateless\.round-robin\.r3 request errors regressed: 0\/500 → 50\/500/);
    expect(readFileSync(path.join(dir, 'c.xml'), 'utf8')).toContain('<failure message="request errors: 0 % → 10 % (—), regressed: 0/500 → 50/500 (pooled-z)');
  });

  it('bad settings are exit 2 with a hint', async () => {
    const io = fakeIo(workDir());
    expect(await main(['compare', fixtureFile, fixtureFile, '--min-effect', '150%'], io)).toBe(2);
    expect(io.err()).toMatch(/--min-effect "150%": "150%" is more than 100 %/);
    const io2 = fakeIo(workDir());
    expect(await main(['compare', fixtureFile, fixtureFile, '--fail-on', 'regresed'], io2)).toBe(2);
    expect(io2.err()).toMatch(/unknown verdict "regresed".*did you mean "regressed"\?/s);
    const io3 = fakeIo(workDir());
    expect(await main(['compare', fixtureFile, 'missing.json'], io3)).toBe(2);
    expect(io3.err()).toMatch(/cannot read .*missing\.json: ENOENT/);
  });
});

describe('mcp-lb-bench history', () => {
  function writeHistory(dir: string, p99s: readonly number[]): string {
    const template = historyLine(result);
    const lines = p99s.map((p99, i) => {
      const cells = template.cells.map((c) => (c.id === 'stateless.round-robin.r3' ? { ...c, figures: { ...c.figures, callP99: p99 } } : c));
      return JSON.stringify({ ...template, time: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(), run: { ...template.run, runId: `n${i}` }, cells });
    });
    writeFileSync(path.join(dir, 'h.jsonl'), lines.join('\n') + '\n');
    return 'h.jsonl';
  }

  it('prints trends; --fail-on regressed exits 4 when the newest run is out of line for the worse', async () => {
    const dir = workDir();
    const steady = [7000, 7100, 6950, 7050, 7020, 6980, 7030, 7010, 6990, 7040];
    const io = fakeIo(dir);
    expect(await main(['history', writeHistory(dir, [...steady, 7010]), '--fail-on', 'regressed'], io)).toBe(0);
    expect(io.out()).toMatch(/headline \(scenario [0-9a-f]{12}, environment [0-9a-f]{12}\): 11 runs/);
    const io2 = fakeIo(dir);
    expect(await main(['history', writeHistory(dir, [...steady, 9800]), '--fail-on', 'regressed', '--summary-md', 'h.md'], io2)).toBe(4);
    expect(io2.err()).toMatch(/stateless\.round-robin\.r3 call p99: newest 9800 is .* σ from the mean/);
    expect(readFileSync(path.join(dir, 'h.md'), 'utf8')).toMatch(/🔴 The newest run is out of line on 1 figure\(s\):\n- \*\*stateless\.round-robin\.r3 call p99\*\*: 9\.8 ms/);
  });

  it('a missing file is exit 2', async () => {
    const io = fakeIo(workDir());
    expect(await main(['history', 'nope.jsonl'], io)).toBe(2);
    expect(io.err()).toMatch(/cannot read the history .*nope\.jsonl \(ENOENT\)/);
  });
});
