/**
 * Faults on a cell's timeline. Every offset is from the start of the cell's load (warm-up included);
 * replica ids are the topology's (`r1`, `r2`, ...; scale-out adds the next ones).
 */
export type FaultSpec =
  | StoreOutageFault
  | ReplicaCrashFault
  | ReplicaRestartFault
  | RollingRestartFault
  | ScaleOutFault
  | ScaleInFault
  | BalancerReloadFault
  | ReplicaHangFault
  | NetworkFault;

export type FaultKind = FaultSpec['kind'];

export interface StoreOutageFault {
  readonly kind: 'store-outage';
  readonly atMs: number;
  readonly durationMs: number;
  /** hang: the store stops answering (SIGSTOP); refuse: it is killed and restarted empty. */
  readonly mode: 'hang' | 'refuse';
}

/** SIGKILL (docker kill); started again after `restartAfterMs` when given (a crash-looping pod). */
export interface ReplicaCrashFault {
  readonly kind: 'replica-crash';
  readonly atMs: number;
  readonly replicas: readonly string[];
  readonly restartAfterMs: number | undefined;
}

/** Graceful: SIGTERM, in-flight requests finish within `graceMs`, then a new incarnation starts. */
export interface ReplicaRestartFault {
  readonly kind: 'replica-restart';
  readonly atMs: number;
  readonly replicas: readonly string[];
  readonly graceMs: number;
}

/** A deployment: every replica restarted in turn, `maxUnavailable` at a time, each batch waiting for its successors to pass the balancer's health check. */
export interface RollingRestartFault {
  readonly kind: 'rolling-restart';
  readonly atMs: number;
  readonly graceMs: number;
  readonly maxUnavailable: number;
  /** Pause after a batch is back before the next one goes (Kubernetes' minReadySeconds). */
  readonly intervalMs: number;
  /** The balancer drains each replica up to this long before it is stopped (0: no drain, SIGTERM only). */
  readonly drainMs: number;
}

export interface ScaleOutFault {
  readonly kind: 'scale-out';
  readonly atMs: number;
  readonly count: number;
}

/** The highest-numbered running replicas leave: drained by the balancer (up to `drainMs`), then stopped gracefully. */
export interface ScaleInFault {
  readonly kind: 'scale-in';
  readonly atMs: number;
  readonly count: number;
  readonly drainMs: number;
  readonly graceMs: number;
}

export interface BalancerReloadFault {
  readonly kind: 'balancer-reload';
  readonly atMs: number;
}

/** SIGSTOP / docker pause for `durationMs`: a GC pause or a stuck event loop. */
export interface ReplicaHangFault {
  readonly kind: 'replica-hang';
  readonly atMs: number;
  readonly replicas: readonly string[];
  readonly durationMs: number;
}

/** Latency and loss on one replica's network (docker: `tc netem` in its namespace) for `durationMs`. */
export interface NetworkFault {
  readonly kind: 'network';
  readonly atMs: number;
  readonly replicas: readonly string[];
  readonly durationMs: number;
  readonly delayMs: number;
  readonly jitterMs: number;
  readonly lossPct: number;
}

/** How long a fault itself lasts on the timeline (its action's planned length; 0 for an instant one). */
export function plannedSpanMs(f: FaultSpec): number {
  switch (f.kind) {
    case 'store-outage':
    case 'replica-hang':
    case 'network':
      return f.durationMs;
    case 'replica-crash':
      return f.restartAfterMs ?? 0;
    default:
      return 0;
  }
}

/** Replica ids a fault names (the ones that must exist when it fires). */
export function namedReplicas(f: FaultSpec): readonly string[] {
  return 'replicas' in f ? f.replicas : [];
}

/** Whether the fault changes the balancer at run time (needs runtime control: stats socket, reload). */
export function needsBalancerControl(f: FaultSpec): boolean {
  return f.kind === 'scale-out' || f.kind === 'scale-in' || f.kind === 'balancer-reload' || (f.kind === 'rolling-restart' && f.drainMs > 0);
}
