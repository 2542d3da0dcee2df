import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareRuns } from '../nightly/compare-runs.js';
import { readHistory } from '../nightly/history-file.js';
import { readResult } from '../results/read-result.js';
import { HAPROXY_PATHS, requireTool } from '../testing/requirements.js';
import { main } from './main.js';
import { fakeIo } from './testing/fake-io.js';

/**
 * The nightly loop end to end on real replicas behind HAProxy: short headline runs, thresholds,
 * history, compare. The machine may be shared and busy: what two runs of the same build must show
 * holds under any noise (three measured seconds a side can never be called a change).
 */

const haproxy = requireTool('haproxy', [...HAPROXY_PATHS]);
const HEADLINE = fileURLToPath(new URL('../../scenarios/headline.yaml', import.meta.url));
const SHORT = ['--duration', '3s', '--warmup', '1s', '--balancer', 'haproxy', '-q'];

describe.skipIf(haproxy.skip)(`nightly: run, thresholds, history, compare ${haproxy.reason}`, () => {
  let dir: string;
  const runs: string[] = [];

  async function run(args: readonly string[]): Promise<{ code: number; file: string; io: ReturnType<typeof fakeIo> }> {
    const io = fakeIo(dir);
    const before = new Set(await readdir(path.join(dir, 'results')).catch(() => [] as string[]));
    const code = await main(['run', HEADLINE, '--results-dir', 'results', '--history', 'history.jsonl', ...args], io);
    const created = (await readdir(path.join(dir, 'results'))).filter((d) => !before.has(d));
    expect(created, io.err()).toHaveLength(1);
    const file = path.join(dir, 'results', created[0] as string, 'result.json');
    runs.push(file);
    return { code, file, io };
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-nightly-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('two short runs of the same build compare as unchanged or too noisy on every figure; a failing threshold exits 4 with a JUnit failure naming the figure and both numbers', async () => {
    const first = await run(SHORT);
    expect(first.code, `${first.io.out().slice(-3000)}\n${first.io.err()}`).toBe(0);
    const second = await run([...SHORT, '--set', 'thresholds=["callP99 < 1us"]', '--junit', 'thresholds.xml', '--summary-md', 'thresholds.md']);
    expect(second.code, `${second.io.out().slice(-3000)}\n${second.io.err()}`).toBe(4);
    // One check per cell of the headline (its SDK rows and its spec row).
    const cells = (await readResult(first.file)).cells.length;
    expect(cells).toBeGreaterThanOrEqual(4);
    expect(second.io.out()).toMatch(new RegExp(`Thresholds: \\d+ of ${cells} checks failed`));
    const xml = await readFile(path.join(dir, 'thresholds.xml'), 'utf8');
    expect(xml).toMatch(/<testcase classname="mcp-lb-bench\.thresholds\.stateless\.round-robin\.r3" name="callP99 &lt; 1us">\s*<failure message="call p99 = [\d.]+ (ms|s), limit &lt; 1 µs" type="threshold"\/>/);

    const comparison = compareRuns(await readResult(first.file), await readResult(second.file));
    expect(comparison.cells).toHaveLength(cells);
    expect(comparison.fingerprintDifferences).toEqual([]);
    // Thresholds do not change what is measured: the same experiment.
    expect(comparison.scenarioDifferences).toEqual([]);
    const verdicts = comparison.cells.flatMap((c) => c.figures.map((f) => `${c.cellId} ${f.figure}: ${f.verdict} (${f.reason})`));
    // 'not-measured': legacy round-robin may get a lucky call through in one run and none in the other.
    expect(verdicts.filter((v) => !/: (unchanged|too-noisy|not-measured) \(/.test(v))).toEqual([]);
    const io = fakeIo(dir);
    expect(await main(['compare', first.file, second.file, '--fail-on', 'regressed,improved', '--junit', 'compare.xml'], io), io.err()).toBe(0);
    expect(await readFile(path.join(dir, 'compare.xml'), 'utf8')).toMatch(/failures="0"/);

    // Both runs are in the history, threshold failure or not, as one series.
    const history = await readHistory(path.join(dir, 'history.jsonl'));
    expect(history.lines.map((l) => l.run.runId)).toEqual([(await readResult(first.file)).runId, (await readResult(second.file)).runId]);
    expect(new Set(history.lines.map((l) => `${l.run.scenarioHash}/${l.run.fingerprint.hash}`)).size).toBe(1);
  }, 600_000);

  it('a run with work cpuUs=2000 against the first is flagged regressed on call latency', async (ctx) => {
    const first = runs[0];
    if (!first) return ctx.skip('the first run did not happen');
    // Ten measured seconds: against the first run's three, a rank test can reach p < 0.05.
    const slow = await run(['--duration', '10s', '--warmup', '1s', '--balancer', 'haproxy', '-q', '--set', 'workload.tools[1].arguments.cpuUs=2000']);
    // A cell that failed to start on a busy machine (exit 3) leaves the others to compare; say which.
    if (slow.code === 3) await ctx.annotate(`the slow run exited 3: ${slow.io.out().split('\n').filter((l) => /^[✗⚠]/.test(l)).join(' | ')} ${slow.io.err()}`, 'notice');
    expect([0, 3], `${slow.io.out().slice(-3000)}\n${slow.io.err()}`).toContain(slow.code);
    const comparison = compareRuns(await readResult(first), await readResult(slow.file));
    expect(comparison.scenarioDifferences).toContain('workload.tools[1].arguments.cpuUs: 200 → 2000');
    const call = comparison.cells.flatMap((c) => c.figures.filter((f) => f.figure === 'callP50' || f.figure === 'callP99').map((f) => ({ cell: c.cellId, ...f })));
    expect(call.length).toBeGreaterThanOrEqual(4);
    const regressed = call.filter((f) => f.verdict === 'regressed');
    if (regressed.length === 0) {
      // Every figure says why it could not tell (a saturated generator, intervals wider than the change):
      // on a machine this busy the change is not measurable, and the comparison says so instead of guessing.
      expect(call.every((f) => f.verdict === 'too-noisy' || f.verdict === 'not-measured' || f.verdict === 'improved')).toBe(true);
      const note = `the machine was too busy to measure a 1.8 ms CPU change: ${call.map((f) => `${f.cell} ${f.figure} ${f.verdict}`).join('; ')}`;
      await ctx.annotate(note, 'notice');
      return ctx.skip(note);
    }
    expect(regressed[0]?.reason).toMatch(/significant and at least 5\.0 %/);
    const io = fakeIo(dir);
    expect(await main(['compare', first, slow.file, '--fail-on', 'regressed'], io)).toBe(4);
    expect(io.err()).toMatch(/--fail-on regressed: \d+ figure\(s\)/);
    expect(io.err()).toMatch(/call p(50|99): regressed/);
  }, 600_000);
});
