/**
 * Our engine as a standalone generator process for the benchmark, so its CPU is measured the same
 * way as wrk's and autocannon's (whole process, start-up included). Prints one JSON line.
 * Args: --target trivial|mcp --url <origin> --connections N --duration <d> [--rate R] [--workers W]
 */
import { resolveScenario } from '../harness/config/resolve-scenario.js';
import { finalizeMetrics } from '../harness/metrics/metrics-wire.js';
import { runLoad } from '../harness/run/load-runner.js';
import { planRun } from '../harness/run/plan.js';
import { judgeGenerator } from '../harness/run/saturation.js';

const arg = (name: string, fallback?: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i === -1 ? fallback : process.argv[i + 1];
  if (v === undefined) throw new Error(`missing --${name}`);
  return v;
};
const target = arg('target');
const url = arg('url');
const connections = Number(arg('connections', '50'));
const duration = arg('duration', '8s');
const rate = process.argv.includes('--rate') ? Number(arg('rate')) : undefined;
const workers = Number(arg('workers', '0'));

const load =
  rate === undefined
    ? `{ executor: closed-loop, unit: requests, clients: ${connections}, duration: ${duration}, warmup: 0 }`
    : `{ executor: constant-arrival-rate, unit: requests, clients: ${connections}, rate: ${rate}, duration: ${duration}, warmup: 0, maxInFlight: 1000000 }`;
const scenario = resolveScenario({
  text: `name: bench
matrix: { model: stateless, policy: round-robin, replicas: 1 }
load: ${load}
workload: { callsPerSession: 1, tools: [{ name: echo, arguments: { text: hi } }] }
client: { timeout: 10s, maxConnections: ${connections} }
generator: { workers: ${workers} }`,
  env: {},
  flags: { set: [] },
});
const cell = planRun(scenario).cells[0]!;
const plan = cell.executor;
const result = await runLoad(
  // No JIT warm-up: every generator is judged on the same steady window after its own start.
  { scenario, model: target === 'trivial' ? 'raw-http' : 'stateless', flow: 'tools', origin: url, cell, workers, jitWarmup: false },
  { signal: new AbortController().signal },
);
const m = finalizeMetrics(result.wire);
const call = m.steps.call;
// The same verdict a cell gets (harness/run/saturation.ts), over the whole run (no warm-up here).
const verdict = judgeGenerator({
  threads: result.threads,
  windowLagHdrs: result.windowLagHdrs,
  warmupMs: plan.warmupMs,
  durationMs: plan.durationMs,
  reportedP50Us: call?.corrected?.p50Us,
  attemptedRatio: plan.targetPerSec === undefined ? undefined : result.report.attemptedPerSec / plan.targetPerSec,
  dropped: m.offered.droppedMeasured,
  queuedForClient: result.queued,
});
process.stdout.write(
  JSON.stringify({
    requests: call?.ok ?? 0,
    failed: (call?.total ?? 0) - (call?.ok ?? 0),
    durationS: plan.durationMs / 1000,
    p50Ms: (call?.corrected?.p50Us ?? NaN) / 1000,
    p99Ms: (call?.corrected?.p99Us ?? NaN) / 1000,
    uncorrectedP50Ms: (call?.uncorrected?.p50Us ?? NaN) / 1000,
    uncorrectedP99Ms: (call?.uncorrected?.p99Us ?? NaN) / 1000,
    saturated: verdict.saturated,
    saturationReasons: verdict.reasons,
    lagP99Ms: verdict.lag?.p99Ms,
    startLagP50Ms: result.report.startLag?.p50Ms,
    rssBytes: process.memoryUsage().rss,
  }) + '\n',
);
process.exit(0);
