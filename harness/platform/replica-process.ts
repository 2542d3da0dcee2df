import { request } from 'undici';
import { HarnessError } from '../errors/harness-error.js';
import { STATS_PATH, type ReplicaReadyLine, type ReplicaStats, type ServerModel } from '../servers/replica-contract.js';
import { parseReadyLine } from '../servers/replica-ready-line.js';
import { replicaStateArgs, type ReplicaStateOptions } from '../servers/replica-state-args.js';
import { startProcess } from '../proc/child-process.js';
import { nodeEntry } from '../proc/node-entry.js';
import type { ReplicaHandle } from './platform.js';
import { processCpuMicros, processRssBytes } from '../proc/proc-stat.js';
import type { LegacyServerOptions } from '../config/resolved-scenario.js';

export interface ReplicaProcessSpec {
  readonly id: string;
  readonly model: ServerModel;
  readonly runId: string;
  readonly legacy: LegacyServerOptions;
  readonly readinessTimeoutMs: number;
  /** State strategies and the Redis address (`--redis-url`); absent = the plain reference server. */
  readonly state?: ReplicaStateOptions;
}

/** Starts one reference replica as a child process on 127.0.0.1 (OS-chosen port) and waits for its ready line. */
export async function startReplicaProcess(spec: ReplicaProcessSpec, signal?: AbortSignal): Promise<ReplicaHandle & { stop(): Promise<void> }> {
  const cmd = nodeEntry('servers/replica-main', [
    '--model', spec.model,
    '--id', spec.id,
    '--host', '127.0.0.1',
    '--port', '0',
    ...(spec.model === 'legacy'
      ? ['--unknown-session-status', String(spec.legacy.unknownSessionStatus), '--session-idle-timeout-ms', String(spec.legacy.sessionIdleTimeoutMs)]
      : []),
    ...replicaStateArgs(spec.state),
  ]);
  const proc = await startProcess({ name: `replica ${spec.id} (${spec.model})`, command: cmd.command, args: cmd.args, runId: spec.runId, stdinLifeline: true });
  let ready: ReplicaReadyLine;
  try {
    ready = await proc.waitForLine(parseReadyLine, spec.readinessTimeoutMs, signal);
  } catch (e) {
    await proc.stop();
    throw e;
  }
  const url = `http://127.0.0.1:${ready.port}`;
  return {
    id: spec.id,
    pid: proc.pid,
    url,
    sdk: ready.sdk,
    async stats(): Promise<ReplicaStats> {
      try {
        const res = await request(url + STATS_PATH, { headersTimeout: 5000, bodyTimeout: 5000 });
        if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
        return (await res.body.json()) as ReplicaStats;
      } catch (e) {
        throw new HarnessError('E_ADMIN_QUERY', `could not read ${STATS_PATH} of replica ${spec.id} at ${url}`, { cause: e });
      }
    },
    cpuMicros: () => processCpuMicros(proc.pid),
    rssBytes: () => processRssBytes(proc.pid),
    stop: () => proc.stop(),
  };
}
