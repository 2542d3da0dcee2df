import { nodeEntry } from '../proc/node-entry.js';
import { startProcess, type StartedProcess } from '../proc/child-process.js';
import type { ReplicaReadyLine } from './replica-contract.js';
import { parseReadyLine } from './replica-ready-line.js';

export interface ReplicaFixtureSpec {
  readonly runId: string;
  /** replica-main arguments, e.g. ['--model', 'legacy', '--id', 'r1']. */
  readonly args: readonly string[];
  readonly readyTimeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface ReplicaFixture {
  readonly process: StartedProcess;
  readonly ready: ReplicaReadyLine;
  /** http://host:port, no trailing slash. */
  readonly baseUrl: string;
}

const DEFAULT_READY_TIMEOUT_MS = 15_000;

/**
 * For tests and smoke checks (the platform has its own launcher): starts replica-main as a child process with a stdin lifeline and waits for its ready line. If it
 * never becomes ready the child is stopped before the error propagates, so callers leak nothing.
 */
export async function startReplicaFixture(spec: ReplicaFixtureSpec): Promise<ReplicaFixture> {
  const entry = nodeEntry('servers/replica-main', spec.args);
  const idIndex = spec.args.indexOf('--id');
  const started = await startProcess({
    name: `replica ${idIndex >= 0 ? spec.args[idIndex + 1] : '?'}`,
    command: entry.command,
    args: entry.args,
    runId: spec.runId,
    stdinLifeline: true,
  });
  try {
    const ready = await started.waitForLine(parseReadyLine, spec.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS, spec.signal);
    const host = ready.host.includes(':') ? `[${ready.host}]` : ready.host;
    return { process: started, ready, baseUrl: `http://${host}:${ready.port}` };
  } catch (e) {
    await started.stop();
    throw e;
  }
}
