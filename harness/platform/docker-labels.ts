import os from 'node:os';

/**
 * Labels on every container and network the docker platform creates. They make leftovers findable
 * (`docker ps -a --filter label=mcp-lb-bench.run-id=<run>`) and let the reaper tell an orphan (its
 * owner process is gone) from a concurrent run's live topology.
 */
export const LABEL_RUN_ID = 'mcp-lb-bench.run-id';
export const LABEL_CELL_ID = 'mcp-lb-bench.cell-id';
export const LABEL_ROLE = 'mcp-lb-bench.role';
export const LABEL_OWNER_PID = 'mcp-lb-bench.owner-pid';
/** The owner's start time (clock ticks since boot): a recycled pid is not mistaken for the owner. */
export const LABEL_OWNER_START = 'mcp-lb-bench.owner-start';
/** Only the machine that started a run judges whether its owner is alive (a daemon may be shared). */
export const LABEL_OWNER_HOST = 'mcp-lb-bench.owner-host';

export type ContainerRole = 'replica' | 'balancer' | 'store' | 'network';

export interface OwnerIdentity {
  readonly pid: number;
  readonly startTicks: string;
  readonly host: string;
}

export function runLabels(runId: string, cellId: string, role: ContainerRole, owner: OwnerIdentity): Record<string, string> {
  return {
    [LABEL_RUN_ID]: runId,
    [LABEL_CELL_ID]: cellId,
    [LABEL_ROLE]: role,
    [LABEL_OWNER_PID]: String(owner.pid),
    [LABEL_OWNER_START]: owner.startTicks,
    [LABEL_OWNER_HOST]: owner.host,
  };
}

/** Docker API `filters` selecting what one run (and optionally one cell) created. */
export function labelFilters(runId?: string, cellId?: string): { label: string[] } {
  const label = [runId === undefined ? LABEL_RUN_ID : `${LABEL_RUN_ID}=${runId}`];
  if (cellId !== undefined) label.push(`${LABEL_CELL_ID}=${cellId}`);
  return { label };
}

/** Docker object names allow [a-zA-Z0-9][a-zA-Z0-9_.-]*; run and cell ids already mostly fit. */
export function dockerName(...parts: readonly string[]): string {
  const name = ['mlb', ...parts].join('-').replace(/[^a-zA-Z0-9_.-]/g, '_');
  return name.length > 200 ? name.slice(0, 200) : name;
}

export function currentOwner(startTicks: string | undefined): OwnerIdentity {
  return { pid: process.pid, startTicks: startTicks ?? '', host: os.hostname() };
}

export interface OwnerProbe {
  readonly host: string;
  isAlive(pid: number): boolean;
  /** undefined when it cannot be read (non-Linux): then liveness alone decides. */
  startTicksOf(pid: number): string | undefined;
}

/** Whether a labelled object's owner is certainly gone: same host, and its pid is dead or was recycled. */
export function ownerIsGone(labels: Readonly<Record<string, string>>, here: OwnerProbe): boolean {
  if (labels[LABEL_OWNER_HOST] !== here.host) return false;
  const pid = Number(labels[LABEL_OWNER_PID]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (!here.isAlive(pid)) return true;
  const recorded = labels[LABEL_OWNER_START];
  const actual = here.startTicksOf(pid);
  return recorded !== undefined && recorded !== '' && actual !== undefined && recorded !== actual;
}
