import path from 'node:path';
import type { MatrixCell } from '../config/matrix-dimensions.js';
import { HarnessError } from '../errors/harness-error.js';
import type { CpuCap, StartedTopology } from '../platform/platform.js';
import type { SizeCellResult, SizeSettings, SizeStep } from '../results/size-result-types.js';
import { errorInfo } from '../run/error-info.js';
import { topologySpecFor } from '../run/run-cell.js';
import { planCell } from '../run/plan.js';
import { searchCapacity } from './capacity-search.js';
import { measureStep, type StepEnvironment } from './measure-step.js';
import { searchCost } from './search-cost.js';
import type { SearchStart } from './search-start.js';
import { searchSummary } from './search-summary.js';

export interface SizeCellInput {
  readonly cell: MatrixCell & { readonly index: number; readonly id: string };
  readonly settings: SizeSettings;
  readonly start: SearchStart;
  readonly env: Omit<StepEnvironment, 'settleTimeoutMs' | 'capCores'>;
  /** The cell as it stands after every step (and at its start and end): persisted and printed by the caller. */
  readonly onUpdate: (cell: SizeCellResult, step?: SizeStep) => Promise<void>;
}

/**
 * One cell of `size`: start its topology once with every replica capped, search the highest session
 * rate meeting the SLO (each step its own load on that topology, see measure-step.ts), then the
 * marginal cost from the steps, and stop the topology (always, also on error or Ctrl-C).
 */
export async function sizeCell(input: SizeCellInput): Promise<SizeCellResult> {
  const { cell, settings, env } = input;
  const { search: s } = settings;
  const steps: SizeStep[] = [];
  const capCores = settings.cpuCap.coresPerReplica;
  let record: SizeCellResult = {
    index: cell.index,
    id: cell.id,
    model: cell.model,
    policy: cell.policy,
    replicas: cell.replicas,
    flow: cell.flow,
    store: cell.store,
    status: 'running',
    startedAt: new Date().toISOString(),
    finishedAt: undefined,
    cpuCap: settings.cpuCap,
    startRatePerSec: input.start.ratePerSec,
    startReason: input.start.reason,
    steps,
    topology: { starts: 0, replicaRestarts: 0, startMs: undefined },
  };
  const update = async (patch: Partial<SizeCellResult>, step?: SizeStep): Promise<void> => {
    record = { ...record, ...patch, steps: [...steps] };
    await input.onUpdate(record, step);
  };
  await update({});

  const plan = planCell(cell, cell.index, env.scenario.load, env.scenario);
  const cap = { cores: capCores, periodUs: settings.cpuCap.periodUs };
  // With a warm-up, the replicas start uncapped and get their cap after it (see warmUpReplicas).
  const spec = { ...topologySpecFor(plan, env.scenario, env.runId, path.join(env.runDir, 'cells', cell.id)), cpuCap: s.replicaWarmupMs > 0 ? undefined : cap };
  let topology: StartedTopology;
  const t0 = performance.now();
  try {
    topology = await env.platform.start(spec, env.signal);
  } catch (e) {
    await update({ status: env.signal.aborted ? 'interrupted' : 'failed', error: errorInfo(e), finishedAt: new Date().toISOString() });
    return record;
  }
  const balancer = { implementation: topology.balancer.impl, version: topology.balancer.version, selectionReason: topology.selection.reason };
  await update({ balancer, topology: { starts: 1, replicaRestarts: 0, startMs: Math.round(performance.now() - t0) } });
  const stepEnv: StepEnvironment = { ...env, settleTimeoutMs: s.settleTimeoutMs, capCores };
  try {
    if (s.replicaWarmupMs > 0) {
      const replicaWarmup = await warmUpReplicas(cell, topology, stepEnv, s.replicaWarmupMs, cap);
      await update({ replicaWarmup });
    }
    const result = await searchCapacity<SizeStep>(
      async (ratePerSec, durationMs, phase) => {
        const step = await measureStep({ cell, stepIndex: steps.length, phase, ratePerSec, durationMs, warmupMs: s.stepWarmupMs }, topology, stepEnv);
        steps.push(step);
        const restarts = record.topology.replicaRestarts + (step.isolation.restarted ? 1 : 0);
        await update({ topology: { ...record.topology, replicaRestarts: restarts } }, step);
        return { sloMet: step.sloMet, limitedBy: step.limitedBy, detail: step };
      },
      {
        startRatePerSec: input.start.ratePerSec,
        maxRatePerSec: s.maxRatePerSec,
        minRatePerSec: Math.min(input.start.ratePerSec, s.startRatePerSecPerReplica) / 16,
        growthFactor: s.growthFactor,
        precision: s.precision,
        stepDurationMs: s.stepMs,
        confirmDurationMs: s.confirmMs,
        // Each move is a confirmation-length run; two bound the time a noisy boundary can take.
        maxConfirmMoves: 2,
        signal: env.signal,
      },
    );
    await anchorCostSlope(result.capacityPerSec ?? result.lowerBoundPerSec, async (ratePerSec) => {
      const step = await measureStep({ cell, stepIndex: steps.length, phase: 'cost', ratePerSec, durationMs: s.stepMs, warmupMs: s.stepWarmupMs }, topology, stepEnv);
      steps.push(step);
      await update({}, step);
    }, steps);
    const summary = searchSummary(result, steps);
    const calls = env.scenario.workload.callsPerSession;
    const cost = searchCost(steps, result.capacityPerSec, calls, capCores * cell.replicas);
    await update({ ...summary, marginalCost: cost.cost, marginalCostUnavailable: cost.unavailable, status: 'completed', finishedAt: new Date().toISOString() });
  } catch (e) {
    await update({ status: env.signal.aborted ? 'interrupted' : 'failed', error: errorInfo(e), finishedAt: new Date().toISOString() });
  } finally {
    await topology.stop();
  }
  return record;
}

/**
 * Fresh replicas run unoptimised code at several times its steady CPU cost, and V8 optimises by use:
 * measured here, a stateless replica at 100 requests/s took 30-45 s to come down from 12.8 to about
 * 5 ms of CPU per session, capped or not; at 300 requests/s, 15 s: it goes by requests served. Capped,
 * a replica cannot serve that many, so it is warmed uncapped first, closed loop (as many sessions as
 * it can take, no backlog to drain), then capped before the search.
 */
const WARMUP_CLIENTS_PER_REPLICA = 4;

async function warmUpReplicas(cell: SizeCellInput['cell'], topology: StartedTopology, env: StepEnvironment, durationMs: number, cap: CpuCap): Promise<NonNullable<SizeCellResult['replicaWarmup']>> {
  const load = { executor: 'closed-loop', unit: 'sessions', clients: WARMUP_CLIENTS_PER_REPLICA * cell.replicas, durationMs, warmupMs: 0, repetitions: 1 } as const;
  const w = await measureStep({ cell, stepIndex: -1, folder: 'replica-warm-up', phase: 'grow', ratePerSec: 0, durationMs, warmupMs: 0, load }, topology, env);
  const cannot = topology.replicas.find((r) => !r.setCpuCap);
  if (cannot) throw new HarnessError('E_PLATFORM_UNAVAILABLE', `replica ${cannot.id} cannot be capped after it started on platform ${topology.platform}`, { hint: 'set sizing.replicaWarmup: 0 to cap the replicas from their start' });
  await Promise.all(topology.replicas.map((r) => r.setCpuCap!(cap)));
  return { ratePerSec: w.load.achievedPerSec, durationMs: w.durationMs, cpuUsPerSession: w.cpu.usPerSession, replicaCoresTotal: w.cpu.replicaCoresTotal, p99Us: w.latency?.p99Us };
}

/** The cost step runs at this share of the answer, when no passing step is below COST_BASELINE_SHARE of it. */
const COST_STEP_SHARE = 0.4;
const COST_BASELINE_SHARE = 0.6;

/**
 * A search that started near the answer (a larger replica count, seeded from a smaller one) has its
 * passing steps bunched just below it, where the replicas already run at their cap: CPU barely rises
 * with the rate there, and the marginal-cost slope comes out near zero. One more step at 40 % of the
 * answer gives the slope its baseline in the linear region.
 */
export async function anchorCostSlope(answerPerSec: number | undefined, measure: (ratePerSec: number) => Promise<void>, steps: readonly SizeStep[]): Promise<void> {
  if (answerPerSec === undefined) return;
  if (steps.some((st) => st.sloMet && st.ratePerSec <= COST_BASELINE_SHARE * answerPerSec)) return;
  await measure(COST_STEP_SHARE * answerPerSec);
}
