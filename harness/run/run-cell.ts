import { setMaxListeners } from 'node:events';
import path from 'node:path';
import type { ResolvedScenario } from '../config/resolved-scenario.js';
import { UndiciHttpClient } from '../load/undici-http-client.js';
import { CellRecorder } from '../metrics/cell-recorder.js';
import type { SessionOutcome } from '../metrics/steps.js';
import type { Platform, StartedTopology } from '../platform/platform.js';
import type { CellResult, ReplicaReport } from '../output/result-types.js';
import { LegacyModel } from '../protocol/legacy-model.js';
import type { ProtocolModel } from '../protocol/protocol-model.js';
import { StatelessModel } from '../protocol/stateless-model.js';
import { SessionGenerator } from '../workload/session-generator.js';
import { GeneratorMonitor, saturationReasons } from './generator-monitor.js';
import { makeExecutor, type CellPlan } from './plan.js';
import { reconcile, type Reconciliation } from './reconcile.js';
import { waitFor } from '../platform/wait-for.js';
import type { CountsByMethodAndStatus, ReplicaStats } from '../servers/replica-contract.js';
import { errorInfo } from './error-info.js';
import { delta, resourceSnapshot, totalCount, type ResourceSnapshot } from './resource-snapshot.js';

export interface CellProgress {
  readonly cell: CellPlan;
  readonly elapsedMs: number;
  readonly totalMs: number;
  readonly phase: 'starting' | 'warm-up' | 'measuring' | 'draining' | 'collecting';
  readonly live: CellRecorder['live'];
}

export interface CellRunDeps {
  readonly platform: Platform;
  readonly runId: string;
  readonly runDir: string;
  readonly signal: AbortSignal;
  readonly onProgress?: (p: CellProgress) => void;
}

function protocolModel(cell: CellPlan, scenario: ResolvedScenario): ProtocolModel {
  return cell.model === 'legacy' ? new LegacyModel({ sseStream: scenario.workload.sseStream }) : new StatelessModel();
}

/**
 * One cell: start the topology, drive the workload, read the replicas' own counts, stop everything
 * (always, also on abort or error). Returns what was gathered even when interrupted.
 */
export async function runCell(cell: CellPlan, scenario: ResolvedScenario, deps: CellRunDeps): Promise<CellResult> {
  const startedAt = new Date().toISOString();
  const workDir = path.join(deps.runDir, 'cells', cell.id);
  const base = { index: cell.index, id: cell.id, model: cell.model, policy: cell.policy, replicas: cell.replicas, startedAt, plan: cell.executor };
  const startTotalMs = performance.now();
  const totalMs = cell.executor.warmupMs + cell.executor.durationMs;
  const progress = (phase: CellProgress['phase'], live: CellRecorder['live']): void =>
    deps.onProgress?.({ cell, elapsedMs: performance.now() - startTotalMs, totalMs, phase, live });

  const recorder = new CellRecorder();
  progress('starting', recorder.live);
  let topology: StartedTopology;
  try {
    topology = await deps.platform.start(
      { runId: deps.runId, cellId: cell.id, model: cell.model, replicas: cell.replicas, policy: cell.policy, balancer: scenario.balancer.implementation, servers: scenario.servers, workDir },
      deps.signal,
    );
  } catch (e) {
    return { ...base, status: deps.signal.aborted ? 'interrupted' : 'failed', error: errorInfo(e), finishedAt: new Date().toISOString() };
  }
  try {
    return await drive(cell, scenario, deps, topology, recorder, base, progress);
  } finally {
    await topology.stop();
  }
}

async function drive(
  cell: CellPlan,
  scenario: ResolvedScenario,
  deps: CellRunDeps,
  topology: StartedTopology,
  recorder: CellRecorder,
  base: Omit<CellResult, 'status' | 'finishedAt'>,
  progress: (phase: CellProgress['phase'], live: CellRecorder['live']) => void,
): Promise<CellResult> {
  const http = new UndiciHttpClient({ origin: topology.balancer.url, maxConnections: scenario.client.maxConnections });
  const model = protocolModel(cell, scenario);
  const sessions = new SessionGenerator(scenario.workload, scenario.seed);
  const sessionAbort = new AbortController();
  // Every in-flight request listens on this one signal; hundreds at once are expected, not a leak.
  setMaxListeners(0, sessionAbort.signal);
  const onRunAbort = (): void => sessionAbort.abort(deps.signal.reason);
  deps.signal.addEventListener('abort', onRunAbort, { once: true });

  const windowStart = resourceSnapshot(topology);
  let measuredWindowStart: Promise<ResourceSnapshot> = windowStart;
  const warmupTimer = setTimeout(() => {
    measuredWindowStart = resourceSnapshot(topology);
  }, cell.executor.warmupMs);
  const monitor = new GeneratorMonitor();
  const executor = makeExecutor(scenario.load);
  const runStart = performance.now();
  let lastMeasuredEndMs = runStart;
  const ticker = setInterval(() => {
    const t = performance.now() - runStart;
    progress(t < cell.executor.warmupMs ? 'warm-up' : t < cell.executor.warmupMs + cell.executor.durationMs ? 'measuring' : 'draining', recorder.live);
  }, 1000);
  const operationsPerSession = scenario.workload.callsPerSession + (scenario.workload.listTools ? 1 : 0);

  let report;
  try {
    report = await executor.run({
      signal: deps.signal,
      drainTimeoutMs: Math.min(scenario.client.timeoutMs * (operationsPerSession + 4), 120_000),
      abortSessions: () => sessionAbort.abort(new Error('drain deadline passed')),
      runSession: async (index, intendedStartMs, measured) => {
        recorder.sessionStarted();
        let outcome: SessionOutcome;
        try {
          outcome = await model.runSession(sessions.session(index), { http, recorder, measured, timeoutMs: scenario.client.timeoutMs, signal: sessionAbort.signal, intendedStartMs });
        } catch {
          // Models classify request failures themselves; reaching here is a harness bug, surfaced as a failed session.
          outcome = { kind: 'failed', reason: 'transport-error' };
        }
        if (measured) lastMeasuredEndMs = Math.max(lastMeasuredEndMs, performance.now());
        recorder.sessionFinished(outcome, measured);
      },
    });
  } finally {
    clearInterval(ticker);
    clearTimeout(warmupTimer);
    deps.signal.removeEventListener('abort', onRunAbort);
  }
  const health = monitor.stop();
  const w0 = await measuredWindowStart;
  const w1 = await resourceSnapshot(topology);
  await http.close();
  progress('collecting', recorder.live);

  const metrics0 = recorder.snapshot();
  const { stats, reconciliation } = await collectReplicaCounts(topology, metrics0.allRequests);
  const metrics = recorder.snapshot();

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

  const measuredWindowMs = Math.max(cell.executor.durationMs, Math.min(lastMeasuredEndMs, report.endMs) - report.measureStartMs);
  const target = cell.executor.targetSessionsPerSec;
  // Dropped starts are the servers' doing (too many sessions in flight); only a late schedule is the generator's.
  const achievedRatio = target !== undefined ? report.attemptedSessionsPerSec / target : undefined;
  const reasons = saturationReasons(health, achievedRatio);
  const balancerCpuUs = delta(w0.balancerCpuUs, w1.balancerCpuUs);
  const allClientRequests = recorder.live.requests;

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
      warmupMs: cell.executor.warmupMs,
      durationMs: cell.executor.durationMs,
      actualMeasuredMs: measuredWindowMs,
      sessionsScheduled: report.sessionsScheduled,
      sessionsStarted: report.sessionsStarted,
      sessionsStartedMeasured: report.sessionsStartedMeasured,
      targetSessionsPerSec: target,
      achievedSessionsPerSec: report.achievedSessionsPerSec,
      achievedRequestsPerSec: (metrics.measuredRequests / measuredWindowMs) * 1000,
      dropped: report.dropped,
      lateStarts: report.lateStarts,
      maxStartLagMs: report.maxStartLagMs,
      abortedAtDrain: report.abortedAtDrain,
      latencyReference: scenario.load.executor === 'closed-loop' ? 'actual-send-time' : 'intended-send-time',
    },
    metrics,
    replicaReports,
    generator: {
      ...health,
      cpuUsPerRequest: allClientRequests > 0 ? health.cpuUs / allClientRequests : undefined,
      saturated: reasons.length > 0,
      saturationReasons: reasons,
    },
    reconciliation,
  };
}

/**
 * Reads every replica's own counts. A replica counts when it writes the status line, so once the
 * client has every answer the counts are final; a short poll covers responses still being flushed.
 */
async function collectReplicaCounts(topology: StartedTopology, client: Parameters<typeof reconcile>[0]): Promise<{ stats: ReplicaStats[]; reconciliation: Reconciliation }> {
  let last: { stats: ReplicaStats[]; reconciliation: Reconciliation } | undefined;
  try {
    return await waitFor(
      async () => {
        const stats = await Promise.all(topology.replicas.map((r) => r.stats()));
        const map = new Map<string, CountsByMethodAndStatus>(topology.replicas.map((r, i) => [r.id, (stats[i] as ReplicaStats).counts]));
        last = { stats, reconciliation: reconcile(client, map) };
        return last.reconciliation.matched ? last : undefined;
      },
      { timeoutMs: 2000, intervalMs: 100, what: 'replica counts to match the client counts' },
    );
  } catch (e) {
    if (last) return last;
    throw e;
  }
}
