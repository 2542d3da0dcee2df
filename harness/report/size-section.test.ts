import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SizeResult } from '../results/size-result-types.js';
import { scalingFits } from '../sizing/scaling-fits.js';
import { found, makeCell, makeStep } from '../sizing/testing/size-fixtures.js';
import { uslCapacity } from '../sizing/usl-fit.js';
import { capacityChart, searchStepsChart } from './size-charts.js';
import { sizeSection } from './size-section.js';
import { writeReport } from './write-report.js';

const truth = { lambdaPerSec: 90, sigma: 0.05, kappa: 0.02 };
const latency = (p99Us: number) => ({ count: 500, minUs: 1000, meanUs: 5000, p50Us: 4000, p90Us: 8000, p99Us, p999Us: p99Us, maxUs: p99Us });
const cells = [1, 2, 3, 4].map((n) => ({
  ...makeCell('legacy', 'round-robin', n, found(uslCapacity(truth, n)), 'redis'),
  steps: [
    makeStep({ index: 0, ratePerSec: 20 * n, sloMet: true, latency: latency(12_000) }),
    makeStep({ index: 1, ratePerSec: 40 * n, sloMet: true, latency: latency(30_000) }),
    makeStep({ index: 2, ratePerSec: 80 * n, sloMet: false, latency: latency(900_000), violations: ['call p99 900000 µs > 100000 µs'], limitedBy: 'replicas', limiterReason: 'replica r1 at its cap' }),
  ],
}));
const result = {
  schemaVersion: 1,
  kind: 'size',
  tool: { name: 'mcp-lb-bench', version: '0.1.0', gitSha: undefined, gitDirty: undefined },
  runId: '20261206T000000Z-capacity-0000',
  status: 'completed',
  startedAt: '2026-12-06T00:00:00.000Z',
  finishedAt: '2026-12-06T00:05:00.000Z',
  durationMs: 300_000,
  command: ['mcp-lb-bench', 'size', 'scenarios/capacity.yaml'],
  environment: { platform: 'process', cpuCount: 2, cpuModel: 'AMD EPYC', loadAverage: [0.5, 0.4, 0.3] },
  software: {},
  scenario: { name: 'capacity', platform: 'process' },
  settings: {
    quick: false,
    slo: { callP99Us: 100_000, requestErrorRate: 0.001, failedSessionRate: undefined, minCalls: 20 },
    cpuCap: { coresPerReplica: 0.25, periodUs: 100_000 },
    search: { startRatePerSecPerReplica: 20, maxRatePerSec: 5000, growthFactor: 2, precision: 0.05, stepMs: 3000, stepWarmupMs: 1000, confirmMs: 6000, settleTimeoutMs: 5000 },
    targetPerSec: 300,
    stepIsolation: 'one topology per cell',
    limits: {},
  },
  cells,
  fits: scalingFits(cells, 300),
  warnings: [],
} as unknown as SizeResult;

describe('the size section', () => {
  it('charts capacity by replicas with the fit and its band, and p99 by rate per group with the SLO line', () => {
    const chart = capacityChart(result.fits, 'cap');
    const series = chart.option.series as Array<{ name: string; data: unknown[] }>;
    expect(series.map((s) => s.name)).toEqual(['legacy.round-robin.redis band', 'legacy.round-robin.redis band', 'legacy.round-robin.redis (USL fit)', 'legacy.round-robin.redis']);
    expect(series[3]!.data).toEqual(cells.map((c) => [c.replicas, c.search!.capacityPerSec]));
    const steps = searchStepsChart('Search steps', cells, 100_000, 'steps');
    const stepSeries = steps.option.series as Array<{ name: string; data: Array<{ value: number[] }> | number[][] }>;
    expect(stepSeries.at(-1)!.name).toBe('p99 limit');
    expect((stepSeries[0]!.data as Array<{ value: number[] }>).map((d) => d.value)).toEqual([[20, 12], [40, 30], [80, 900]]);
    // 900 ms is over 5× the 100 ms limit: the latency axis goes logarithmic so the knee stays readable.
    expect((steps.option.yAxis as { type: string }).type).toBe('log');
  });

  it('tables capacity, the fit and the replicas needed, and lists every step of every cell', () => {
    const section = sizeSection(result);
    expect(section.charts.map((c) => c.id)).toEqual(['size-capacity', 'size-steps-legacy.round-robin.redis']);
    expect(section.markdown).toContain('| legacy.round-robin.r1.redis | 90.0 |');
    expect(section.markdown).toMatch(/\| legacy\.round-robin\.redis \| 1: 90\.0, 2: 16\d, 3: 2\d\d, 4: 2\d\d \| 90\.0 \| 0\.050 \| 0\.0200 \|/);
    expect(section.markdown).toContain('### Replicas needed for 300 sessions/s');
    expect(section.markdown).toContain('**Search steps of legacy.round-robin.r4.redis (3; started at 10.0/s: test)**');
    expect(section.html).toContain('<details>');
  });

  it('writeReport renders a size result on its own: report.md, report.html and the charts', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'size-report-'));
    const files = await writeReport([], out, { runDirs: [], sizes: [result] });
    expect(files.svgFiles.map((f) => path.basename(f))).toEqual(['size-capacity.svg', 'size-steps-legacy.round-robin.redis.svg']);
    const md = await readFile(files.mdFile, 'utf8');
    expect(md).toContain('Size run 20261206T000000Z-capacity-0000 · completed');
    expect(md).toContain('## Capacity sizing');
    expect(await readFile(files.svgFiles[0]!, 'utf8')).toMatch(/^<svg/);
  });
});

describe('the size section of a real run (scenarios/capacity.yaml on a busy 2-core machine)', () => {
  it('reads the file, and says which cells have a capacity, which the machine voided and which never settled', async () => {
    const { readSizeResult } = await import('../results/read-size-result.js');
    const real = await readSizeResult(new URL('./testing/size-run/size.json', import.meta.url).pathname);
    const section = sizeSection(real);
    expect(real.cells.map((c) => c.search?.status)).toEqual(['invalid', 'invalid', 'invalid', 'unconfirmed', 'unconfirmed', 'unconfirmed', 'found', 'found', 'found']);
    expect(section.markdown).toContain('| legacy.sticky-session-id.r1 | invalid');
    expect(section.markdown).toContain('| stateless.round-robin.r1 | 80.0 | 84.0 | replicas |');
    expect(section.markdown).toMatch(/\| stateless\.round-robin \| 1: 80\.0, 2: 158, 3: 164 \|/);
    expect(section.charts.map((c) => c.id)).toEqual(['size-capacity', 'size-steps-legacy.sticky-session-id', 'size-steps-legacy.round-robin.redis', 'size-steps-stateless.round-robin']);
  });
});
