import type { SizeCellResult, SizeStep } from '../../results/size-result-types.js';

/** A step record with neutral figures; tests override what they look at. */
export function makeStep(p: Partial<SizeStep> & Pick<SizeStep, 'index' | 'ratePerSec' | 'sloMet'>): SizeStep {
  return {
    phase: 'grow',
    warmupMs: 1000,
    durationMs: 4000,
    startedAt: '2026-12-06T00:00:00.000Z',
    violations: [],
    limitedBy: undefined,
    limiterReason: p.sloMet ? 'SLO met' : 'nothing saturated',
    throttlingBound: false,
    load: { achievedPerSec: p.ratePerSec, attemptedPerSec: p.ratePerSec, measuredStarts: 0, dropped: 0, lateStarts: 0 },
    sessions: { started: 0, ok: 0, recovered: 0, failed: 0, dropped: 0 },
    requests: { total: 0, failed: 0 },
    errorRate: 0,
    failedSessionRate: 0,
    keyStep: 'call',
    latency: undefined,
    uncorrectedP99Us: undefined,
    cpu: { replicaCores: [], replicaCoresTotal: undefined, balancerCores: undefined, generatorCores: undefined, machineBusyCores: undefined, machineStealCores: undefined, machineCores: undefined, usPerSession: undefined, usPerCall: undefined },
    throttling: undefined,
    generator: { saturated: false, reasons: [] },
    reconciliation: 'reconciled',
    isolation: { sessionsLeft: 0, waitedMs: 0, restarted: false },
    hlogFile: undefined,
    ...p,
  };
}

/** A finished cell with a capacity (or a search status without one). */
export function makeCell(model: string, policy: string, replicas: number, search: SizeCellResult['search'], store = 'memory'): SizeCellResult {
  const id = `${model}.${policy}.r${replicas}${store === 'memory' ? '' : `.${store}`}`;
  return {
    index: 0,
    id,
    model,
    policy,
    replicas,
    flow: 'tools',
    store,
    status: 'completed',
    startedAt: '2026-12-06T00:00:00.000Z',
    finishedAt: '2026-12-06T00:01:00.000Z',
    cpuCap: { coresPerReplica: 0.25, periodUs: 100_000 },
    startRatePerSec: 10,
    startReason: 'test',
    search,
    steps: [],
    topology: { starts: 1, replicaRestarts: 0, startMs: 900 },
  };
}

export const found = (capacityPerSec: number): SizeCellResult['search'] => ({ status: 'found', capacityPerSec, lowerBoundPerSec: capacityPerSec, upperBoundPerSec: capacityPerSec * 1.05, limitedBy: 'replicas', reason: 'test' });
