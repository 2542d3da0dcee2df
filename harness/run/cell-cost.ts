import type { CellCost, CostFigures } from '../results/result-types.js';
import { delta, type ResourceSnapshot } from './resource-snapshot.js';

export interface CostInputs {
  readonly start: ResourceSnapshot;
  readonly end: ResourceSnapshot;
  /** Measured sessions (started in the measured window) and the requests they sent, from the client. */
  readonly measuredSessions: number;
  readonly measuredRequests: number;
  /** Where the replicas' and the balancer's CPU figures come from. */
  readonly cpuSource: CellCost['cpuSource'];
}

function sum(values: ReadonlyArray<number | undefined>): number | undefined {
  let total = 0;
  for (const v of values) {
    if (v === undefined) return undefined;
    total += v;
  }
  return total;
}

const per = (cpuUs: number | undefined, n: number | undefined): number | undefined => (cpuUs === undefined || !n ? undefined : cpuUs / n);

function figures(cpuUs: number | undefined, windowMs: number, requests: number | undefined, toolCalls: number | undefined, requestsPerSession: number | undefined): CostFigures {
  const usPerRequest = per(cpuUs, requests);
  return {
    cpuUs,
    cores: cpuUs === undefined || windowMs <= 0 ? undefined : cpuUs / 1000 / windowMs,
    usPerRequest,
    usPerCall: per(cpuUs, toolCalls),
    usPerSession: usPerRequest === undefined || requestsPerSession === undefined ? undefined : usPerRequest * requestsPerSession,
  };
}

/** Pads a window-start list to `length` with zeros: the replicas it lacks did not exist yet. */
function fromZero(values: ReadonlyArray<number | undefined>, length: number): ReadonlyArray<number | undefined> {
  return values.length >= length ? values : [...values, ...Array.from({ length: length - values.length }, () => 0)];
}

/**
 * Server and balancer cost in the units the workload defines, not only per HTTP request: the models
 * differ in requests per session (legacy adds initialize, initialized, the GET stream and DELETE), so
 * only per logical session and per tool call compare like with like. The window runs from the end of
 * warm-up to the end of the load (drain included); requests and calls are what the replicas themselves
 * served in it. Per session = per request × the measured sessions' own requests per session.
 * This is cost at the cell's rate: at a low rate it includes an idle process's fixed costs, so it is
 * not the marginal cost at capacity (`mcp-lb-bench size` measures that).
 */
export function cellCost(input: CostInputs): CellCost {
  const { end } = input;
  // A replica added during the window (scale-out) was not there at its start: it starts from zero.
  const start = { ...input.start, replicaCpuUs: fromZero(input.start.replicaCpuUs, end.replicaCpuUs.length), replicaRequests: fromZero(input.start.replicaRequests, end.replicaRequests.length), replicaToolCalls: fromZero(input.start.replicaToolCalls, end.replicaToolCalls.length) };
  const windowMs = end.atMs - start.atMs;
  const requests = sum(end.replicaRequests.map((r, i) => delta(start.replicaRequests[i], r)));
  const toolCalls = sum(end.replicaToolCalls.map((r, i) => delta(start.replicaToolCalls[i], r)));
  const requestsPerSession = input.measuredSessions > 0 ? input.measuredRequests / input.measuredSessions : undefined;
  const replicaCpu = end.replicaCpuUs.map((c, i) => delta(start.replicaCpuUs[i], c));
  return {
    windowMs,
    cpuSource: input.cpuSource,
    requests,
    toolCalls,
    requestsPerSession,
    replicas: figures(sum(replicaCpu), windowMs, requests, toolCalls, requestsPerSession),
    balancer: figures(delta(start.balancerCpuUs, end.balancerCpuUs), windowMs, requests, toolCalls, requestsPerSession),
    perReplica: replicaCpu.map((cpuUs, i) => {
      const served = delta(start.replicaRequests[i], end.replicaRequests[i]);
      return { cpuUs, cores: cpuUs === undefined || windowMs <= 0 ? undefined : cpuUs / 1000 / windowMs, requestsPerSec: served === undefined || windowMs <= 0 ? undefined : (served / windowMs) * 1000 };
    }),
  };
}
