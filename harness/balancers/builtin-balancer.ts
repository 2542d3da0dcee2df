import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startProcess } from '../proc/child-process.js';
import { nodeEntry } from '../proc/node-entry.js';
import { request } from 'undici';
import { HarnessError } from '../errors/harness-error.js';
import { LB_STATS_PATH, type Availability, type BalancerCounts, type BalancerImplementation, type BalancerPolicy, type BalancerSpec, type BalancerTuningRequest, type PolicySupport, type StartedBalancer } from './balancer.js';
import { resolveTuning } from './balancer-tuning.js';
import { appliedTuning, requirePolicy } from './start-checks.js';
import { BUILTIN_CONFIG_FILE, defaultBuiltinBalancerConfig, type BuiltinBalancerConfig, type BuiltinReadyLine } from './builtin-balancer-config.js';
import { ProcessBalancer } from './process-balancer.js';
import { builtinPolicySupport } from './routing-policies.js';
import { builtinControl } from './builtin-control.js';

const DEFAULT_READINESS_TIMEOUT_MS = 10_000;

/** Overrides of the settings written to the child's config file (timeouts, affinity-table bounds). */
export interface BuiltinBalancerOptions {
  readonly proxy?: Partial<BuiltinBalancerConfig['proxy']>;
  readonly stickyTable?: Partial<BuiltinBalancerConfig['stickyTable']>;
}

/** Zero-install fallback: a Node reverse proxy in its own process (never in the generator's). */
export class BuiltinBalancer implements BalancerImplementation {
  readonly name = 'builtin' as const;
  private readonly options: BuiltinBalancerOptions;

  constructor(options: BuiltinBalancerOptions = {}) {
    this.options = options;
  }

  availability(): Promise<Availability> {
    return Promise.resolve({ available: true, version: `node ${process.versions.node}`, path: process.execPath });
  }

  supports(policy: BalancerPolicy): PolicySupport {
    return builtinPolicySupport(policy);
  }

  supportsTuning(tuning: BalancerTuningRequest): PolicySupport {
    const r = resolveTuning('builtin', tuning);
    return r.supported ? { supported: true } : r;
  }

  async start(spec: BalancerSpec, signal?: AbortSignal): Promise<StartedBalancer> {
    requirePolicy('builtin', spec.policy, this.supports(spec.policy));
    const applied = appliedTuning('builtin', spec.tuning, spec.backendTraits);
    const attribute = spec.backendTraits?.attribute === true;
    signal?.throwIfAborted();
    const base = defaultBuiltinBalancerConfig(spec.policy, spec.backends);
    const config: BuiltinBalancerConfig = {
      ...base,
      proxy: { ...base.proxy, retries: applied.retries === 'every-replica' ? spec.backends.length - 1 : applied.retries, redispatch: applied.redispatch, ...(attribute ? { attribute } : {}), ...this.options.proxy },
      stickyTable: { ...base.stickyTable, ...this.options.stickyTable },
      ...(spec.pools ? { pools: spec.pools } : {}),
      tuning: applied,
    };
    await mkdir(spec.workDir, { recursive: true });
    const configFile = path.join(spec.workDir, BUILTIN_CONFIG_FILE);
    await writeFile(configFile, JSON.stringify(config, null, 2) + '\n', 'utf8');
    const entry = nodeEntry('balancers/builtin-balancer-main', ['--config', configFile]);
    const proc = await startProcess({
      name: 'builtin balancer',
      command: entry.command,
      args: entry.args,
      runId: spec.runId,
      cwd: spec.workDir,
      stdinLifeline: true,
    });
    let ready: BuiltinReadyLine;
    try {
      ready = await proc.waitForLine(parseReadyLine, spec.readinessTimeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS, signal);
    } catch (e) {
      await proc.stop();
      throw e;
    }
    const url = `http://${hostForUrl(config.host)}:${ready.port}`;
    const started = new ProcessBalancer({
      impl: 'builtin',
      version: `node ${process.versions.node}`,
      policy: spec.policy,
      url,
      configFile,
      process: proc,
      tuning: applied,
      counts: attribute ? () => readBuiltinCounts(url) : undefined,
    });
    return spec.runtimeControl ? Object.assign(started, { control: builtinControl(proc, configFile, config) }) : started;
  }
}

async function readBuiltinCounts(baseUrl: string): Promise<BalancerCounts> {
  try {
    const res = await request(baseUrl + LB_STATS_PATH, { headersTimeout: 5_000, bodyTimeout: 5_000 });
    if (res.statusCode !== 200) {
      await res.body.dump();
      throw new Error(`HTTP ${res.statusCode}`);
    }
    return (await res.body.json()) as BalancerCounts;
  } catch (e) {
    throw new HarnessError('E_ADMIN_QUERY', `could not read the built-in balancer's counts at ${baseUrl}${LB_STATS_PATH}`, { cause: e, details: [e instanceof Error ? e.message : String(e)] });
  }
}

function parseReadyLine(line: string): BuiltinReadyLine | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const v = JSON.parse(line) as Partial<BuiltinReadyLine>;
    return v.event === 'ready' && typeof v.port === 'number' && typeof v.pid === 'number' ? (v as BuiltinReadyLine) : undefined;
  } catch {
    return undefined;
  }
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
