/**
 * `npx tsx bench/gateway-cost.ts [connections] [reps]`: the balancer's own CPU per request for
 * round-robin, route-by-header and route-by-body, on every installed implementation, isolated from
 * MCP server cost. wrk (closed loop, one thread) sends 2026-07-28 tools/call requests (3 echo : 1 work,
 * Mcp-Method/Mcp-Name headers, ~300-byte bodies) through the balancer to three trivial node:http
 * servers; CPU comes from /proc/<pid>/stat of every balancer process (nginx: master + worker) across
 * an 8 s window after a 2 s warm-up. Repetitions are interleaved so drift hits every cell alike.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BalancerImplementation, BalancerPolicy } from '../harness/balancers/balancer.js';
import { balancerKinds } from '../harness/balancers/balancer-registry.js';
import { assignPools } from '../harness/balancers/pool-assignment.js';
import { startProcess, type StartedProcess } from '../harness/proc/child-process.js';
import { processCpuMicros } from '../harness/proc/proc-stat.js';

const POLICIES: readonly BalancerPolicy[] = ['round-robin', 'route-by-header', 'route-by-body'];
const META =
  '"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"mcp-lb-bench","version":"0.1.0"},"io.modelcontextprotocol/clientCapabilities":{}}';
// Host is explicit: the requests are formatted once at load, before wrk knows the target.
const LUA = `
local function req(tool, args)
  local body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"' .. tool .. '","arguments":' .. args .. ',${META}}}'
  return wrk.format("POST", "/mcp", { ["Host"] = "lb", ["Content-Type"] = "application/json", ["Accept"] = "application/json, text/event-stream",
    ["Mcp-Protocol-Version"] = "2026-07-28", ["Mcp-Method"] = "tools/call", ["Mcp-Name"] = tool }, body)
end
local reqs = { req("echo", '{"text":"hello"}'), req("echo", '{"text":"hello"}'), req("echo", '{"text":"hello"}'), req("work", '{"cpuUs":200}') }
local i = 0
request = function() i = i + 1; return reqs[(i % 4) + 1] end
`;

async function main(): Promise<void> {
  const connections = process.argv[2] ?? '16';
  const reps = Number(process.argv[3] ?? 3);
  const runId = `gateway-cost-${process.pid}`;
  const dir = await mkdtemp(path.join(tmpdir(), 'gateway-cost-'));
  const script = path.join(dir, 'mcp.lua');
  await writeFile(script, LUA);
  const servers: StartedProcess[] = [];
  try {
    const here = fileURLToPath(import.meta.url);
    const trivial = path.join(path.dirname(here), here.endsWith('.ts') ? 'trivial-server.ts' : 'trivial-server.js');
    const loader = here.endsWith('.ts') ? ['--import', 'tsx'] : [];
    const ports: number[] = [];
    for (let i = 0; i < 3; i++) {
      const proc = await startProcess({ name: `trivial ${i + 1}`, command: process.execPath, args: [...loader, trivial], runId, stdinLifeline: true });
      servers.push(proc);
      ports.push(await proc.waitForLine((l) => (l.startsWith('{') ? (JSON.parse(l) as { port: number }).port : undefined), 15_000));
    }
    const backends = ports.map((port, i) => ({ id: `r${i + 1}`, host: '127.0.0.1', port }));
    const pools = assignPools([{ name: 'heavy', replicas: 1, tools: ['work'] }], backends.map((b) => b.id));
    const impls: BalancerImplementation[] = [];
    for (const impl of balancerKinds()) if ((await impl.availability()).available) impls.push(impl);
    process.stdout.write(`rep impl     policy           req/s   LB µs/req\n`);
    for (let rep = 1; rep <= reps; rep++) {
      for (const impl of impls) {
        for (const policy of POLICIES) {
          // No health checks or retries: only the request path is measured.
          const lb = await impl.start({ policy, backends, runId, workDir: path.join(dir, `${impl.name}-${policy}`), pools, tuning: { healthCheck: 'off', retries: 0, redispatch: 'default' } });
          try {
            const cpu = (): number => (lb.processIds?.() ?? [lb.pid]).reduce((s, p) => s + (processCpuMicros(p) ?? Number.NaN), 0);
            execFileSync('wrk', ['-t1', `-c${connections}`, '-d2s', '-s', script, lb.url]);
            const c0 = cpu();
            const out = execFileSync('wrk', ['-t1', `-c${connections}`, '-d8s', '-s', script, lb.url]).toString();
            const c1 = cpu();
            const n = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
            if (/Non-2xx/.test(out)) throw new Error(`non-2xx answers through ${impl.name} ${policy}:\n${out}`);
            process.stdout.write(`${rep}   ${impl.name.padEnd(8)} ${policy.padEnd(16)} ${(n / 8).toFixed(0).padStart(6)}  ${((c1 - c0) / n).toFixed(1).padStart(6)}\n`);
          } finally {
            await lb.stop();
          }
        }
      }
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
