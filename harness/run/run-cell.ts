import path from 'node:path';
import type { ResolvedScenario } from '../config/resolved-scenario.js';
import type { LiveCounters } from './load-share.js';
import { finalizeMetrics } from '../metrics/metrics-wire.js';
import { toPoints } from '../metrics/interval-series.js';
import { writeFileAtomic } from '../output/atomic-write.js';
import { renderHlog } from '../output/hlog-writer.js';
import type { CellResult, ReplicaReport } from '../output/result-types.js';
import type { Platform, StartedTopology } from '../platform/platform.js';
import type { ReplicaStats } from '../servers/replica-contract.js';
import { errorInfo } from './error-info.js';
import { runLoad } from './load-runner.js';
import type { CellPlan } from './plan.js';
import { collectReplicaCounts } from './collect-replica-counts.js';
import { delta, resourceSnapshot, totalCount, type ResourceSnapshot } from './resource-snapshot.js';
import { judgeGenerator } from './saturation.js';
import { misroutesFor, stateFor, storeReport } from './cell-state.js';
import { runFaults, type FaultReport } from '../faults/fault-schedule.js';

function stateOption(cell: CellPlan): { state?: NonNullable<ReturnType<typeof stateFor>> } {
  const state = stateFor(cell);
  return state ? { state } : {};
}

export interface CellProgress {
  readonly cell: CellPlan;
  readonly elapsedMs: number;
  readonly totalMs: number;
  readonly phase: 'starting' | 'warm-up' | 'measuring' | 'draining' | 'collecting';
  readonly live: LiveCounters;
}

export interface CellRunDeps {
  readonly platform: Platform;
  readonly runId: string;
  readonly runDir: string;
  readonly signal: AbortSignal;
  readonly onProgress?: (p: CellProgress) => void;
}

const NO_LIVE: LiveCounters = { sessionsStarted: 0, sessionsDone: 0, sessionsFailed: 0, requests: 0, failedRequests: 0 };

/**
 * One cell: start the topology, drive the load, read the replicas' own counts, stop everything
 * (always, also on abort or error). Returns what was gathered even when interrupted.
 */
export async function runCell(cell: CellPlan, scenario: ResolvedScenario, deps: CellRunDeps): Promise<CellResult> {
  const startedAt = new Date().toISOString();
  const workDir = path.join(deps.runDir, 'cells', cell.id);
  const base = { index: cell.index, id: cell.id, model: cell.model, policy: cell.policy, replicas: cell.replicas, flow: cell.flow, store: cell.store, startedAt, plan: cell.executor };
  deps.onProgress?.({ cell, elapsedMs: 0, totalMs: cell.executor.warmupMs + cell.executor.durationMs, phase: 'starting', live: NO_LIVE });
  let topology: StartedTopology;
  const startT0 = performance.now();
  try {
    topology = await deps.platform.start(
      { runId: deps.runId, cellId: cell.id, model: cell.model, replicas: cell.replicas, policy: cell.policy, balancer: scenario.balancer.implementation, servers: scenario.servers, workDir, pools: scenario.balancer.pools, tuning: scenario.balancer, ...stateOption(cell) },
      deps.signal,
    );
  } catch (e) {
    return { ...base, status: deps.signal.aborted ? 'interrupted' : 'failed', error: errorInfo(e), finishedAt: new Date().toISOString() };
  }
  const startMs = performance.now() - startT0;
  let result: CellResult;
  try {
    result = await measure(cell, scenario, deps, topology, base, workDir);
  } catch (e) {
    await topology.stop();
    throw e;
  }
  // Start and teardown times are recorded because sizing runs and CI budgets depend on them
  // (containers: image start, network, readiness probes), and a reviewer should not have to guess.
  const stopT0 = performance.now();
  await topology.stop();
  return { ...result, topology: { startMs, stopMs: performance.now() - stopT0 } };
}

async function measure(
  cell: CellPlan,
  scenario: ResolvedScenario,
  deps: CellRunDeps,
  topology: StartedTopology,
  base: Omit<CellResult, 'status' | 'finishedAt'>,
  workDir: string,
): Promise<CellResult> {
  const { warmupMs, durationMs } = cell.executor;
  const loadMs = warmupMs + durationMs;
  const operations = scenario.workload.callsPerSession + (scenario.workload.listTools ? 1 : 0) + 4;
  // CPU per request is taken over the measured window only: start-up and JIT warm-up stay out of it.
  let windowStart: Promise<ResourceSnapshot> = resourceSnapshot(topology);
  const cpu0 = process.cpuUsage();
  // The harness's own CPU (every thread, orchestration included) over the same window as the replicas'.
  let windowCpu0 = cpu0;
  const wall0 = performance.now();
  let loadStartMs = wall0;
  let lastLive = NO_LIVE;
  let faults: Promise<FaultReport[]> = Promise.resolve([]);
  const progress = (live: LiveCounters): void => {
    lastLive = live;
    const t = performance.now() - loadStartMs;
    deps.onProgress?.({ cell, elapsedMs: t, totalMs: loadMs, phase: t < warmupMs ? 'warm-up' : t < loadMs ? 'measuring' : 'draining', live });
  };
  const load = await runLoad(
      {
        scenario,
        model: cell.model,
        flow: cell.flow,
        origin: topology.balancer.url,
        plan: cell.executor,
        workers: scenario.generator.workers,
        drainTimeoutMs: Math.min(scenario.client.timeoutMs * operations, 120_000),
      },
      {
        signal: deps.signal,
        onProgress: progress,
        onMeasuredWindow: () => {
          windowCpu0 = process.cpuUsage();
          windowStart = resourceSnapshot(topology);
        },
        onStart: (startMs) => (faults = runFaults(scenario.faults, topology, startMs, deps.signal)),
      },
    );
  const faultReports = await faults;
  loadStartMs = load.startMs;
  const processCpu = process.cpuUsage(cpu0);
  const processWallMs = performance.now() - wall0;
  const w0 = await windowStart;
  const windowCpu = process.cpuUsage(windowCpu0);
  const w1 = await resourceSnapshot(topology);
  deps.onProgress?.({ cell, elapsedMs: performance.now() - load.startMs, totalMs: loadMs, phase: 'collecting', live: lastLive });

  // Docker's stats API takes about a second per sample: read while the replicas' counts are collected.
  const containers = topology.containerResources?.() ?? Promise.resolve(undefined);
  const { stats, reconciliation } = await collectReplicaCounts(topology, load.wire.allRequests);
  const metrics = finalizeMetrics(load.wire);
  const replicaTotal = stats.reduce((n, s) => n + totalCount(s.counts), 0);
  let windowRequests: number | undefined = 0;
  const replicaReports: ReplicaReport[] = topology.replicas.map((r, i) => {
    const s = stats[i] as ReplicaStats;
    const requests = totalCount(s.counts);
    const cpuUs = delta(w0.replicaCpuUs[i], w1.replicaCpuUs[i]);
    const served = delta(w0.replicaRequests[i], w1.replicaRequests[i]);
    windowRequests = served === undefined || windowRequests === undefined ? undefined : windowRequests + served;
    return {
      id: r.id,
      pid: r.pid,
      sdk: r.sdk,
      requests,
      sharePct: replicaTotal > 0 ? (requests / replicaTotal) * 100 : 0,
      counts: s.counts,
      measuredWindowRequests: served,
      cpuUs,
      cpuUsPerRequest: cpuUs !== undefined && served ? cpuUs / served : undefined,
      rssBytes: s.memory?.rssBytes,
      sessions: s.sessions,
    };
  });

  const report = load.report;
  const measuredWindowMs = Math.max(durationMs, performance.now() - load.startMs - warmupMs);
  const target = cell.executor.targetPerSec;
  const attemptedRatio = target !== undefined && cell.executor.scheduledStarts !== undefined ? report.attemptedPerSec / target : undefined;
  const verdict = judgeGenerator({ threads: load.threads, windowLagHdrs: load.windowLagHdrs, warmupMs, durationMs, reportedP50Us: metrics.steps.call?.corrected?.p50Us, attemptedRatio, dropped: metrics.offered.droppedMeasured, queuedForClient: load.queued });
  const replicaCpuUs = replicaReports.reduce<number | undefined>((n, r) => (n === undefined || r.cpuUs === undefined ? undefined : n + r.cpuUs), 0);
  const windowCpuUs = windowCpu.user + windowCpu.system;
  const balancerCpuUs = delta(w0.balancerCpuUs, w1.balancerCpuUs);
  const allRequests = Object.values(load.wire.allRequests).reduce((n, m) => n + totalCount(m), 0);
  const processCpuUs = processCpu.user + processCpu.system;

  const startEpochMs = performance.timeOrigin + load.startMs;
  const hlogFile = path.join(workDir, 'latency.hlog');
  const latencyReference = scenario.load.executor === 'closed-loop' ? 'actual-send-time' : 'intended-send-time';
  await writeFileAtomic(hlogFile, renderHlog(load.intervals, startEpochMs, `mcp-lb-bench cell ${cell.id}, run ${deps.runId}`, latencyReference));

  return {
    ...base,
    status: report.interrupted ? 'interrupted' : 'completed',
    finishedAt: new Date().toISOString(),
    balancer: {
      implementation: topology.balancer.impl,
      version: topology.balancer.version,
      selectionReason: topology.selection.reason,
      configFile: topology.balancer.configFile ? path.relative(deps.runDir, topology.balancer.configFile) : undefined,
      cpuUs: balancerCpuUs,
      cpuUsPerRequest: balancerCpuUs !== undefined && windowRequests ? balancerCpuUs / windowRequests : undefined,
    },
    load: {
      executor: cell.executor.executor,
      unit: cell.executor.unit,
      warmupMs,
      durationMs,
      actualMeasuredMs: measuredWindowMs,
      scheduledStarts: report.scheduledStarts,
      starts: report.starts,
      measuredStarts: report.measuredStarts,
      targetPerSec: target,
      achievedPerSec: report.achievedPerSec,
      attemptedPerSec: report.attemptedPerSec,
      achievedRequestsPerSec: (metrics.windowRequests / durationMs) * 1000,
      dropped: report.dropped,
      lateStarts: report.lateStarts,
      maxStartLagMs: report.maxStartLagMs,
      startLag: report.startLag,
      queuedForClient: load.queued,
      abortedAtDrain: report.abortedAtDrain,
      latencyReference,
    },
    metrics,
    replicaReports,
    generator: {
      workers: scenario.generator.workers,
      processCpuUs,
      processCpuPctOfOneCore: (processCpuUs / 1000 / processWallMs) * 100,
      cpuUsPerRequest: allRequests > 0 ? processCpuUs / allRequests : undefined,
      windowCpuUs,
      cpuPctOfReplicas: replicaCpuUs ? (windowCpuUs / replicaCpuUs) * 100 : undefined,
      threads: load.threads,
      saturated: verdict.saturated,
      saturationReasons: verdict.reasons,
      lag: verdict.lag,
      loadNotDelivered: verdict.loadNotDelivered,
      loadNotDeliveredReasons: verdict.loadNotDeliveredReasons,
    },
    reconciliation,
    storeTraffic: storeReport(w0.store, w1.store, windowRequests),
    misroutes: misroutesFor(cell, scenario, stats),
    faults: faultReports.length > 0 ? faultReports : undefined,
    containers: await containers,
    timeSeries: toPoints(load.intervals, warmupMs, loadMs),
    hlogFile: path.relative(deps.runDir, hlogFile),
  };
}
