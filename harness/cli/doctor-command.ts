import { spawnSync } from 'node:child_process';
import { findExecutable } from '../proc/find-executable.js';
import { REDIS_SEARCH_DIRS } from '../platform/redis-process.js';
import { balancerKinds, cachedAvailability, chooseBalancer } from '../balancers/balancer-registry.js';
import { BALANCER_POLICIES } from '../balancers/balancer.js';
import { ExitCode } from '../errors/harness-error.js';
import { environmentInfo, softwareVersions } from '../results/environment-info.js';
import { styleFor } from '../output/format.js';
import type { CliIo } from './io.js';

/** What this machine can run, and what `auto` would pick for each policy. */
export async function doctorCommand(io: CliIo): Promise<number> {
  const style = styleFor(io.stdout);
  const out = (s = ''): void => void io.stdout.write(s + '\n');
  const env = environmentInfo();
  out(style.bold('machine'));
  out(`  node ${String(env['node'])} on ${String(env['platform'])}/${String(env['arch'])}, ${String(env['cpuCount'])} × ${String(env['cpuModel'])}, ${Math.round(Number(env['memoryBytes']) / 2 ** 30)} GiB`);
  out(style.bold('software'));
  for (const [name, version] of Object.entries(softwareVersions())) out(`  ${name} ${version}`);

  out(style.bold('balancers'));
  const impls = balancerKinds();
  for (const impl of impls) {
    const a = await cachedAvailability(impl);
    const policies = BALANCER_POLICIES.filter((p) => impl.supports(p).supported);
    if (a.available) out(`  ${impl.name.padEnd(8)} ${style.bold('available')} ${a.version} (${a.path}); policies: ${policies.join(', ') || 'none'}`);
    else out(`  ${impl.name.padEnd(8)} ${style.yellow('unavailable')}: ${a.reason}; would support: ${policies.join(', ') || 'none'}`);
    out(`           in a container: ${impl.container ? `yes (image kind ${impl.container.imageKind})` : `no (${impl.noContainerReason ?? 'no recipe'})`}`);
    // Why a policy is missing matters as much as that it is (e.g. nginx open source cannot learn from a response header).
    for (const p of BALANCER_POLICIES) {
      const support = impl.supports(p);
      if (!support.supported) out(`           not ${p}: ${support.reason}`);
    }
  }
  out(style.bold('auto picks'));
  out(style.dim('  policy               platform process / platform docker'));
  for (const policy of BALANCER_POLICIES) {
    const pick = async (platform: 'process' | 'docker'): Promise<string> => {
      try {
        const s = await chooseBalancer('auto', policy, { implementations: impls, platform });
        return `${s.name}${s.version ? ` ${s.version}` : ''}`;
      } catch (e) {
        return style.yellow(`none (${e instanceof Error ? e.message : String(e)})`);
      }
    };
    out(`  ${policy.padEnd(20)} ${await pick('process')} / ${await pick('docker')}`);
  }
  out(style.bold('platforms'));
  out(`  process  available (replicas and balancer as child processes on 127.0.0.1)`);
  out(`  docker   ${await dockerPlatformStatus()}`);
  out(`  external available (a deployment on 127.0.0.1 you started, e.g. compose/*.yml)`);
  out(style.bold('stores'));
  out(`  redis    ${await redisStatus()}`);
  return ExitCode.ok;
}

/** The redis-server a cell with `store: redis` starts on platform process (docker uses the redis image). */
async function redisStatus(): Promise<string> {
  const path = await findExecutable('redis-server', REDIS_SEARCH_DIRS);
  if (!path) return 'unavailable: redis-server not installed (apt-get install redis-server); cells with matrix.store: redis need it on platform process';
  const r = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 5000 });
  const version = /v=(\S+)/.exec(r.stdout ?? '')?.[1] ?? 'unknown version';
  return `available ${version} (${path}); started per cell for matrix.store: redis (platform docker uses the redis image)`;
}

/** Whether a Docker daemon answers and which harness images it has (testcontainers loads only here). */
async function dockerPlatformStatus(): Promise<string> {
  const { dockerAvailability, imageExists } = await import('../platform/docker-client.js');
  const { defaultImageNames } = await import('../images/image-names.js');
  const daemon = await dockerAvailability();
  if (!daemon.available) return `unavailable: no Docker daemon (scripts/start-dockerd.sh starts one)`;
  const names = Object.values(defaultImageNames());
  const missing: string[] = [];
  for (const name of names) if (!(await imageExists(name))) missing.push(name);
  return missing.length === 0
    ? `available: Docker ${daemon.serverVersion}, images ${names.join(', ')}`
    : `daemon ${daemon.serverVersion} answers, but images are missing: ${missing.join(', ')} (node bin/mcp-lb-bench.js images build --offline)`;
}
