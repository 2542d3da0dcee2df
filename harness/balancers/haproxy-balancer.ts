import { randomBytes } from 'node:crypto';
import { writeFile, mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { childPids } from '../proc/process-tree.js';
import { haproxyControl } from './haproxy-control.js';
import { startProcess, type StartedProcess } from '../proc/child-process.js';
import type { Availability, BalancerImplementation, BalancerPolicy, BalancerSpec, BalancerTuningRequest, PolicySupport, StartedBalancer } from './balancer.js';
import { resolveTuning } from './balancer-tuning.js';
import { appliedTuning, requireAvailable, requirePolicy } from './start-checks.js';
import { buildHaproxyConfig, DEFAULT_HAPROXY_OPTIONS, haproxyPolicySupport, type HaproxyOptions } from './haproxy-config.js';
import { haproxyAvailability } from './haproxy-availability.js';
import { readHaproxyCounts } from './haproxy-stats.js';
import { waitForLbHealth } from './lb-health.js';
import { openListeningSocket } from './listening-socket.js';
import { ProcessBalancer } from './process-balancer.js';

export const HAPROXY_CONFIG_FILE = 'haproxy.cfg';
const DEFAULT_READINESS_TIMEOUT_MS = 10_000;
// The child sees the inherited listening socket as its first descriptor after stdin/stdout/stderr.
const INHERITED_LISTEN_FD = 3;

export interface HaproxyBalancerOptions {
  /** Overrides of the generated configuration (retries, health checks, limits); see HaproxyOptions. */
  readonly config?: Partial<HaproxyOptions>;
  /** Directories searched after PATH for the binary. */
  readonly searchDirs?: readonly string[];
}

export class HaproxyBalancer implements BalancerImplementation {
  readonly name = 'haproxy' as const;
  private readonly config: HaproxyOptions;
  private readonly searchDirs: readonly string[] | undefined;
  // start() needs the binary's path for every cell; `haproxy -v` need not run each time.
  private availabilityProbe: Promise<Availability> | undefined;

  constructor(options: HaproxyBalancerOptions = {}) {
    this.config = { ...DEFAULT_HAPROXY_OPTIONS, ...options.config };
    this.searchDirs = options.searchDirs;
  }

  availability(): Promise<Availability> {
    return (this.availabilityProbe ??= haproxyAvailability(this.searchDirs));
  }

  supports(policy: BalancerPolicy): PolicySupport {
    return haproxyPolicySupport(policy);
  }

  supportsTuning(tuning: BalancerTuningRequest): PolicySupport {
    const r = resolveTuning('haproxy', tuning);
    return r.supported ? { supported: true } : r;
  }

  async start(spec: BalancerSpec, signal?: AbortSignal): Promise<StartedBalancer> {
    requirePolicy('haproxy', spec.policy, this.supports(spec.policy));
    const tuning = appliedTuning('haproxy', spec.tuning, spec.backendTraits);
    const availability = requireAvailable('haproxy', await this.availability(), 'Install it with `apt-get install haproxy`, or set `balancer: builtin`.');
    signal?.throwIfAborted();
    await mkdir(spec.workDir, { recursive: true });
    const configFile = path.join(spec.workDir, HAPROXY_CONFIG_FILE);
    const socket = await openListeningSocket('127.0.0.1');
    // Runtime control (faults): a short socket path (unix sockets allow ~107 bytes), master-worker mode.
    const runtimeApi = spec.runtimeControl ? { socketPath: path.join(os.tmpdir(), `mlb-haproxy-${randomBytes(6).toString('hex')}.sock`), spareIds: spec.runtimeControl.spareBackendIds } : undefined;
    let proc: StartedProcess;
    try {
      const config = buildHaproxyConfig(
        { policy: spec.policy, backends: spec.backends, runId: spec.runId, bind: { fd: INHERITED_LISTEN_FD }, pools: spec.pools, tuning, backendTraits: spec.backendTraits, ...(runtimeApi ? { runtimeApi } : {}) },
        this.config,
      );
      await writeFile(configFile, config, 'utf8');
      proc = await startProcess({
        name: 'haproxy',
        command: availability.path,
        // -db: stay in the foreground, print alerts to stderr; no master process to reap separately.
        // -W (runtime control only): a master that reloads seamlessly on SIGUSR2 and stops its workers with it.
        args: runtimeApi ? ['-W', '-db', '-f', configFile] : ['-db', '-f', configFile],
        runId: spec.runId,
        cwd: spec.workDir,
        inheritFds: [socket.fd],
      });
    } finally {
      // HAProxy holds its own copy now (or never will): the parent's copy must not keep the port.
      await socket.close();
    }
    const url = `http://${socket.host}:${socket.port}`;
    try {
      await waitForLbHealth(proc, url, spec.readinessTimeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS, signal);
    } catch (e) {
      await proc.stop();
      throw e;
    }
    const init = { impl: 'haproxy' as const, version: availability.version, policy: spec.policy, url, configFile, process: proc, tuning, counts: spec.backendTraits?.attribute ? () => readHaproxyCounts(url) : undefined };
    if (!runtimeApi) return new ProcessBalancer(init);
    const control = haproxyControl({ socketPath: runtimeApi.socketPath, masterPid: proc.pid });
    return Object.assign(new ProcessBalancer(init), {
      control,
      // The master and its workers (a reload forks a new one): CPU accounting follows them all.
      processIds: () => [proc.pid, ...childPids(proc.pid)],
      stop: async () => {
        await proc.stop();
        await rm(runtimeApi.socketPath, { force: true });
      },
    });
  }
}
