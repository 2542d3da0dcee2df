import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BackendAddress, BalancerImplementation, BalancerPolicy, BalancerSpec, StartedBalancer } from '../balancer.js';
import { BuiltinBalancer } from '../builtin-balancer.js';
import { HaproxyBalancer } from '../haproxy-balancer.js';
import { NginxBalancer } from '../nginx-balancer.js';
import { startFakeMcpReplica, type FakeMcpReplica } from './fake-mcp-replica.js';

/**
 * The implementations every shared balancer integration test runs against. HAProxy and nginx are
 * skipped with a one-line reason when missing, except on CI (CI=true), where a missing one must fail
 * the suite. For tests only.
 */
export interface BalancerTarget {
  readonly impl: BalancerImplementation;
  /** Set when the suite for this implementation must be skipped. */
  readonly skipReason: string | undefined;
  /** Set on CI when the implementation is missing: the suite runs and this is reported as a failure. */
  readonly requiredButMissing: string | undefined;
}

export async function balancerTargets(): Promise<BalancerTarget[]> {
  const onCi = process.env['CI'] === 'true';
  const external = async (impl: BalancerImplementation): Promise<BalancerTarget> => {
    const availability = await impl.availability();
    const missing = availability.available ? undefined : availability.reason;
    return { impl, skipReason: missing && !onCi ? missing : undefined, requiredButMissing: missing && onCi ? missing : undefined };
  };
  return [{ impl: new BuiltinBalancer(), skipReason: undefined, requiredButMissing: undefined }, await external(new HaproxyBalancer()), await external(new NginxBalancer())];
}

/** Fast failure for tests that stop replicas on purpose: no health checks, no retries. */
export const NO_RETRIES = { healthCheck: 'off', retries: 0, redispatch: 'default' } as const;

/** Three fake replicas, a scratch folder, and every balancer a test started, stopped afterwards. */
export class BalancerFixture {
  replicas: FakeMcpReplica[] = [];
  private workRoot = '';
  private readonly started: StartedBalancer[] = [];
  private seq = 0;

  constructor(readonly impl: BalancerImplementation) {}

  /** Whether this implementation runs `policy` (tests of a policy it lacks are skipped, never faked). */
  supports(policy: BalancerPolicy): boolean {
    return this.impl.supports(policy).supported;
  }

  async setUp(): Promise<void> {
    this.workRoot = await mkdtemp(path.join(tmpdir(), `lb-${this.impl.name}-`));
    this.replicas = await Promise.all(['r1', 'r2', 'r3'].map((id) => startFakeMcpReplica({ id })));
  }

  backends(): BackendAddress[] {
    return this.replicas.map((r) => ({ id: r.id, host: '127.0.0.1', port: r.port }));
  }

  async start(policy: BalancerPolicy, backends: readonly BackendAddress[] = this.backends(), extra: Partial<BalancerSpec> = {}): Promise<StartedBalancer> {
    this.seq += 1;
    const workDir = path.join(this.workRoot, `${policy}-${this.seq}`);
    const lb = await this.impl.start({ policy, backends, runId: `int-${process.pid}`, workDir, readinessTimeoutMs: 15_000, ...extra });
    this.started.push(lb);
    return lb;
  }

  async afterEach(): Promise<void> {
    await Promise.all(this.started.splice(0).map((lb) => lb.stop()));
    for (const r of this.replicas) r.reset();
  }

  async tearDown(): Promise<void> {
    await this.afterEach();
    await Promise.all(this.replicas.map((r) => r.close()));
    if (this.workRoot) await rm(this.workRoot, { recursive: true, force: true });
  }
}

/** True while a process with this pid exists. */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
