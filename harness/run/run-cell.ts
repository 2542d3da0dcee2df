import path from 'node:path';
import type { ResolvedScenario } from '../config/resolved-scenario.js';
import type { LiveCounters } from './load-share.js';
import { finalizeMetrics } from '../metrics/metrics-wire.js';
import { toPoints } from '../metrics/interval-series.js';
import { writeFileAtomic } from '../output/atomic-write.js';
import { renderHlog } from '../output/hlog-writer.js';
import type { CellResult, ReplicaReport } from '../results/result-types.js';
import { coordinatesOf } from '../config/matrix-dimensions.js';
import type { Platform, StartedTopology, TopologySpec } from '../platform/platform.js';
import type { ReplicaStats } from '../servers/replica-contract.js';
import { errorInfo } from './error-info.js';
import { runLoad } from './load-runner.js';
import type { CellPlan } from './plan.js';
import { collectReplicaCounts } from './collect-replica-counts.js';
import { resourceSnapshot, totalCount, type ResourceSnapshot } from './resource-snapshot.js';
import { cellCost } from './cell-cost.js';
import { cellEvents } from './cell-events.js';
import { judgeGenerator } from './saturation.js';
import { misroutesFor, stateFor, storeReport } from './cell-state.js';
import { runFaults, type FaultReport, type FaultTargets } from '../faults/fault-schedule.js';
import { attributeFaults, unplannedReport } from '../faults/fault-attribution.js';
import { faultPreflight, needsFaultControl, spareReplicaIds } from '../faults/fault-preflight.js';
import { HarnessError } from '../errors/harness-error.js';
import type { ServerFacts } from './server-preflight.js';

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
  /** The cell's folder for configs and logs; default <runDir>/cells/<cell id> (repetitions get one each). */
  readonly workDir?: string;
  /** What the run's preflight learnt about this model's server (how it says "session lost"). */
  readonly server?: ServerFacts | undefined;
}

const NO_LIVE: LiveCounters = { sessionsStarted: 0, sessionsDone: 0, sessionsFailed: 0, requests: 0, failedRequests: 0 };

/** What the platform starts for a cell: its replicas, balancer policy and store, in the cell's work folder. */
export function topologySpecFor(cell: CellPlan, scenario: ResolvedScenario, runId: string, workDir: string): TopologySpec {
  const faultControl = needsFaultControl(scenario.faults) ? { faultControl: { spareReplicaIds: spareReplicaIds(scenario.faults, cell.replicas) } } : {};
  return { runId, cellId: cell.id, model: cell.model, replicas: cell.replicas, policy: cell.policy, balancer: scenario.balancer.implementation, servers: scenario.servers, workDir, pools: scenario.balancer.pools, tuning: scenario.balancer, state: stateFor(cell), ...faultControl };
}

/** What faults may act on: the topology, and whether its sessions live in a shared store (none lost with a replica). */
function faultTargetsOf(topology: StartedTopology, cell: CellPlan): FaultTargets {
  return {
    store: topology.store,
    platform: topology.platform,
    replicas: topology.replicas,
    balancer: topology.balancer,
    ...(topology.addReplica ? { addReplica: topology.addReplica } : {}),
    ...(topology.removeReplica ? { removeReplica: topology.removeReplica } : {}),
    sessionsShared: stateFor(cell)?.sessionStore === 'redis',
  };
}

/** The client profile a cell runs with: its matrix coordinate, else the scenario's client.profile, else spec. */
export function profileOf(cell: Pick<CellPlan, 'profile'>, scenario: Pick<ResolvedScenario, 'client'>): 'sdk' | 'spec' {
  return cell.profile ?? scenario.client.profile ?? 'spec';
}

/** The fields every cell result starts with. */
export function cellResultBase(cell: CellPlan, scenario?: Pick<ResolvedScenario, 'client'>, server?: ServerFacts): Omit<CellResult, 'status' | 'finishedAt'> {
  return {
    index: cell.index,
    id: cell.id,
    ...coordinatesOf(cell),
    ...(scenario ? { clientProfile: profileOf(cell, scenario) } : {}),
    ...(cell.model === 'legacy' && server?.lostSession ? { lostSession: server.lostSession.report } : {}),
    startedAt: new Date().toISOString(),
    plan: cell.executor,
  };
}

/**
 * One cell: start the topology, drive the load, read the replicas' own counts, stop everything
 * (always, also on abort or error). Returns what was gathered even when interrupted.
 */
export async function runCell(cell: CellPlan, scenario: ResolvedScenario, deps: CellRunDeps): Promise<CellResult> {
  const workDir = deps.workDir ?? path.join(deps.runDir, 'cells', cell.id);
  const base = cellResultBase(cell, scenario, deps.server);
  deps.onProgress?.({ cell, elapsedMs: 0, totalMs: cell.executor.warmupMs + cell.executor.durationMs, phase: 'starting', live: NO_LIVE });
  let topology: StartedTopology;
  const startT0 = performance.now();
  try {
    topology = await deps.platform.start(topologySpecFor(cell, scenario, deps.runId, workDir), deps.signal);
  } catch (e) {
    return { ...base, status: deps.signal.aborted ? 'interrupted' : 'failed', error: errorInfo(e, deps.signal.aborted), finishedAt: new Date().toISOString() };
  }
  const startMs = performance.now() - startT0;
  let result: CellResult;
  try {
    result = await measureCell(cell, scenario, deps, topology, base, workDir);
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

/**
 * Drives one cell's load on a started topology and gathers everything measured: the whole cell for
 * `run`, one step of a search for `size` (each step a CellPlan with its own load, on the same topology).
 */
export async function measureCell(
  cell: CellPlan,
  scenario: ResolvedScenario,
  deps: CellRunDeps,
  topology: StartedTopology,
  base: Omit<CellResult, 'status' | 'finishedAt'>,
  workDir: string,
): Promise<CellResult> {
  const { warmupMs, durationMs } = cell.executor;
  const loadMs = warmupMs + durationMs;
  // A fault this topology cannot apply fails the cell before any load: never a measurement without it.
  const unfit = await faultPreflight(scenario.faults, topology);
  if (unfit.length > 0) {
    const e = new HarnessError('E_USAGE', `this cell cannot run its faults: ${unfit.join('; ')}`, { hint: 'change the faults or the topology (platform, balancer, replicas); see docs/faults.md' });
    return { ...base, status: 'failed', error: errorInfo(e), finishedAt: new Date().toISOString() };
  }
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
        cell,
        workers: scenario.generator.workers,
        profile: profileOf(cell, scenario),
        lostSession: cell.model === 'legacy' ? deps.server?.lostSession?.signal : undefined,
      },
      {
        signal: deps.signal,
        onProgress: progress,
        onMeasuredWindow: () => {
          windowCpu0 = process.cpuUsage();
          windowStart = resourceSnapshot(topology);
        },
        onStart: (startMs) => {
          // Phases count from the common start, not from before the generator's JIT warm-up.
          loadStartMs = startMs;
          faults = runFaults(scenario.faults, faultTargetsOf(topology, cell), startMs, deps.signal);
        },
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
  // Requests the harness aborted (at an interrupt or the drain deadline) may be counted by a replica that never got to answer them.
  const abortedByUs = Object.values(load.wire.allRequests).reduce((n, methods) => n + Object.values(methods).reduce((m, statuses) => m + (statuses['error:aborted'] ?? 0), 0), 0);
  const { stats, counts, reconciliation } = await collectReplicaCounts(topology, load.wire.allRequests, abortedByUs);
  const metrics = finalizeMetrics(load.wire);
  const replicaTotal = counts.reduce((n, c) => n + (c ? totalCount(c) : 0), 0);
  const readStats = stats.filter((s): s is ReplicaStats => s !== undefined);
  const cost = cellCost({ start: w0, end: w1, measuredSessions: metrics.sessions.started, measuredRequests: metrics.measuredRequests, cpuSource: topology.replicas[0]?.cpuSource ?? 'none' });
  const replicaReports: ReplicaReport[] = topology.replicas.map((r, i) => {
    const s: Partial<ReplicaStats> = stats[i] ?? {};
    const c = counts[i];
    const requests = c ? totalCount(c) : 0;
    return {
      id: r.id,
      pid: r.pid,
      sdk: r.sdk,
      requests,
      sharePct: replicaTotal > 0 ? (requests / replicaTotal) * 100 : 0,
      counts: c ?? {},
      // A server without the reference contract reports no memory: what this machine sees of its process.
      rssBytes: s.memory?.rssBytes ?? (r.countsFrom === 'balancer' ? r.rssBytes() : undefined),
      sessions: s.sessions,
      ...(r.incarnations().some((i) => i.end !== undefined) ? { incarnations: r.incarnations() } : {}),
    };
  });

  const report = load.report;
  const measuredWindowMs = Math.max(durationMs, performance.now() - load.startMs - warmupMs);
  const target = cell.executor.targetPerSec;
  const attemptedRatio = target !== undefined && cell.executor.scheduledStarts !== undefined ? report.attemptedPerSec / target : undefined;
  const verdict = judgeGenerator({ threads: load.threads, windowLagHdrs: load.windowLagHdrs, warmupMs, durationMs, reportedP50Us: metrics.steps.call?.corrected?.p50Us, attemptedRatio, dropped: metrics.offered.droppedMeasured, queuedForClient: load.queued });
  const windowCpuUs = windowCpu.user + windowCpu.system;
  const replicaCpuUs = cost.replicas.cpuUs;
  const allRequests = Object.values(load.wire.allRequests).reduce((n, m) => n + totalCount(m), 0);
  const processCpuUs = processCpu.user + processCpu.system;

  const startEpochMs = performance.timeOrigin + load.startMs;
  const timeSeries = toPoints(load.intervals, warmupMs, loadMs);
  const events = cellEvents(topology.events(), startEpochMs, timeSeries);
  // Deaths nobody scheduled get the same attribution as planned faults (losses by class, recovery, p99 around them).
  const allFaults = [...faultReports, ...events.map((e) => unplannedReport(e.target === 'replica' ? (e.replicaId as string) : 'balancer', e.atMs))];
  const hlogFile = path.join(workDir, 'latency.hlog');
  const latencyReference = cell.load.executor === 'closed-loop' ? 'actual-send-time' : 'intended-send-time';
  await writeFileAtomic(hlogFile, renderHlog(load.intervals, startEpochMs, `mcp-lb-bench cell ${cell.id}, run ${deps.runId}`, latencyReference));

  return {
    ...base,
    // Interrupted at any phase, the drain included: one verdict, interrupted.
    status: report.interrupted || deps.signal.aborted ? 'interrupted' : 'completed',
    finishedAt: new Date().toISOString(),
    balancer: {
      implementation: topology.balancer.impl,
      version: topology.balancer.version,
      selectionReason: topology.selection.reason,
      configFile: topology.balancer.configFile ? path.relative(deps.runDir, topology.balancer.configFile) : undefined,
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
    cost,
    storeTraffic: storeReport(w0.store, w1.store, cost.requests),
    // Per-tool counts come from the replicas' own reports; a balancer's counts have none.
    misroutes: readStats.length > 0 ? misroutesFor(cell, scenario, readStats) : undefined,
    faults: allFaults.length > 0 ? attributeFaults(allFaults, load.intervals, loadMs) : undefined,
    containers: await containers,
    timeSeries,
    events: events.length > 0 ? events : undefined,
    hlogFile: path.relative(deps.runDir, hlogFile),
  };
}
