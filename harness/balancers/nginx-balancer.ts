import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { OWNER_PID_ENV, RUN_ID_ENV, startProcess, type StartedProcess } from '../proc/child-process.js';
import type { Availability, BalancerImplementation, BalancerPolicy, BalancerSpec, BalancerTuningRequest, EffectiveTuning, PolicySupport, StartedBalancer } from './balancer.js';
import { resolveTuning } from './balancer-tuning.js';
import { appliedTuning, requireAvailable, requirePolicy } from './start-checks.js';
import { waitForLbHealth } from './lb-health.js';
import { openListeningSocket } from './listening-socket.js';
import { nginxAvailability } from './nginx-availability.js';
import { buildNginxConfig, DEFAULT_NGINX_OPTIONS, NGINX_ACCESS_LOG, type NginxOptions } from './nginx-config.js';
import { NginxLogCounter } from './nginx-attribution.js';
import { LogFileTail } from './log-file-tail.js';
import { nginxPolicySupport } from './nginx-policies.js';
import { ProcessBalancer } from './process-balancer.js';
import type { BalancerRuntimeControl } from './balancer-control.js';
import { nginxControl } from './nginx-control.js';
import { childPids, processTitle } from '../proc/process-tree.js';

export const NGINX_CONFIG_FILE = 'nginx.conf';
const DEFAULT_READINESS_TIMEOUT_MS = 10_000;

export interface NginxBalancerOptions {
  readonly config?: Partial<NginxOptions>;
  readonly searchDirs?: readonly string[];
}

/**
 * nginx as the cell's balancer: a master and one worker, listening on a socket the harness opened on
 * an OS-chosen port and hands over the way nginx's own binary upgrade does (descriptor 3, announced in
 * the `NGINX="3;"` environment variable), so there is no window in which another process can take the
 * port. Verified with nginx 1.22.1: with `master_process on` it serves on the inherited socket.
 */
export class NginxBalancer implements BalancerImplementation {
  readonly name = 'nginx' as const;
  private readonly config: NginxOptions;
  private readonly searchDirs: readonly string[] | undefined;
  private availabilityProbe: Promise<Availability> | undefined;

  constructor(options: NginxBalancerOptions = {}) {
    this.config = { ...DEFAULT_NGINX_OPTIONS, ...options.config };
    this.searchDirs = options.searchDirs;
  }

  availability(): Promise<Availability> {
    return (this.availabilityProbe ??= nginxAvailability(this.searchDirs));
  }

  supports(policy: BalancerPolicy): PolicySupport {
    return nginxPolicySupport(policy);
  }

  supportsTuning(tuning: BalancerTuningRequest): PolicySupport {
    const r = resolveTuning('nginx', tuning);
    return r.supported ? { supported: true } : r;
  }

  async start(spec: BalancerSpec, signal?: AbortSignal): Promise<StartedBalancer> {
    requirePolicy('nginx', spec.policy, this.supports(spec.policy));
    const tuning = appliedTuning('nginx', spec.tuning, spec.backendTraits);
    const availability = requireAvailable('nginx', await this.availability(), 'Install it with `apt-get install nginx-light`, or use another balancer.');
    signal?.throwIfAborted();
    await mkdir(spec.workDir, { recursive: true });
    const configFile = path.join(spec.workDir, NGINX_CONFIG_FILE);
    const socket = await openListeningSocket('127.0.0.1');
    let proc: StartedProcess;
    const render = (backends: BalancerSpec['backends']): string =>
      buildNginxConfig({ policy: spec.policy, backends, runId: spec.runId, listen: { host: socket.host, port: socket.port }, pools: spec.pools, tuning: tuning, backendTraits: spec.backendTraits }, this.config);
    try {
      const config = render(spec.backends);
      await writeFile(configFile, config, 'utf8');
      proc = await startProcess({
        name: 'nginx',
        command: availability.path,
        args: nginxArgs(spec.workDir, configFile, spec.runId),
        runId: spec.runId,
        cwd: spec.workDir,
        // nginx takes inherited listening sockets from NGINX="fd;fd;..." (its binary-upgrade mechanism).
        env: { NGINX: '3;' },
        inheritFds: [socket.fd],
      });
    } finally {
      await socket.close();
    }
    const url = `http://${socket.host}:${socket.port}`;
    const started = new NginxStartedBalancer(proc, { version: availability.version, policy: spec.policy, url, configFile, tuning: tuning });
    if (spec.backendTraits?.attribute) {
      const tail = new LogFileTail(path.join(spec.workDir, NGINX_ACCESS_LOG));
      const counter = new NginxLogCounter(spec.backends);
      started.counts = async () => {
        for (const line of await tail.newLines()) counter.add(line);
        return counter.snapshot();
      };
    }
    if (spec.runtimeControl) started.control = nginxControl({ masterPid: proc.pid, configFile, backends: spec.backends, render });
    try {
      await waitForLbHealth(proc, url, spec.readinessTimeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS, signal);
    } catch (e) {
      await started.stop();
      throw e;
    }
    return started;
  }
}

/**
 * `-p` makes every relative path of the config (pid, logs, temp folders) land in the work folder.
 * The run labels go on the command line too: nginx overwrites its environment block with the process
 * title, so /proc/<pid>/environ no longer shows them, but the master's title keeps its arguments.
 */
export function nginxArgs(workDir: string, configFile: string, runId: string): string[] {
  return ['-p', workDir.endsWith('/') ? workDir : workDir + '/', '-c', configFile, '-g', `env ${RUN_ID_ENV}=${runId}; env ${OWNER_PID_ENV}=${process.pid};`];
}

class NginxStartedBalancer extends ProcessBalancer {
  private workersSeen = new Set<number>();
  private readonly master: StartedProcess;
  control?: BalancerRuntimeControl;

  constructor(proc: StartedProcess, init: { version: string; policy: BalancerPolicy; url: string; configFile: string; tuning: EffectiveTuning }) {
    super({ impl: 'nginx', process: proc, ...init });
    this.master = proc;
  }

  /** The master and its workers; the worker does the proxying, the master only supervises. */
  processIds(): readonly number[] {
    const workers = childPids(this.pid);
    for (const w of workers) this.workersSeen.add(w);
    return [this.pid, ...workers];
  }

  override async stop(): Promise<void> {
    // Remember the workers first: SIGTERM makes the master stop them, but if it needs a SIGKILL they
    // would outlive it, still holding the port.
    this.processIds();
    await this.master.stop();
    for (const w of this.workersSeen) {
      // Only a process that is still an nginx worker: the pid may belong to someone else by now.
      if (!processTitle(w).startsWith('nginx: worker')) continue;
      try {
        process.kill(w, 'SIGKILL');
      } catch {
        // gone in between
      }
    }
  }
}
