/**
 * `npm run bench`: our engine against autocannon and wrk on the same targets in the same run — a
 * trivial node:http server and the stateless reference server (3 replicas) behind HAProxy — closed
 * loop at 50 connections and at a constant rate, interleaved repetitions, medians. Each generator's
 * cost is taken over a steady window (after start-up, before the end) from its threads' schedstat and
 * the requests the target counted, and also over its whole process (/usr/bin/time). Writes
 * bench/results/<date>.json. Options: --reps N (3), --duration S (steady window, 8), --quick (1 rep, 3 s).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';
import { environmentInfo, gitInfo, softwareVersions } from '../harness/results/environment-info.js';
import { startProcess } from '../harness/proc/child-process.js';
import { ProcessPlatform } from '../harness/platform/process-platform.js';
import { totalCount } from '../harness/run/resource-snapshot.js';
import { runAutocannon, runOurs, runWrk, type BenchTarget, type GeneratorRun, type LoadShape } from './generators.js';
import { LEAD_S, TAIL_S } from './steady-window.js';
import { summarize, type Summary } from './summarize.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const num = (flag: string, fallback: number): number => (argv.includes(flag) ? Number(argv[argv.indexOf(flag) + 1]) : fallback);
const reps = num('--reps', quick ? 1 : 3);
const durationS = num('--duration', quick ? 3 : 8);
const runId = `bench-${process.pid}`;

function ensureTool(bin: string, pkg: string): void {
  if (existsSync(bin)) return;
  if (process.getuid?.() !== 0) throw new Error(`${bin} is missing: install it with \`sudo apt-get install -y ${pkg}\``);
  process.stderr.write(`bench: installing ${pkg}\n`);
  execFileSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

async function startTrivial(): Promise<{ target: BenchTarget; stop: () => Promise<void> }> {
  const proc = await startProcess({ name: 'trivial server', command: process.execPath, args: [path.join(repo, 'dist/bench/trivial-server.js')], runId, stdinLifeline: true });
  const ready = await proc.waitForLine((l) => (l.startsWith('{') ? (JSON.parse(l) as { port: number; statsPort: number }) : undefined), 10_000);
  const origin = `http://127.0.0.1:${ready.port}`;
  const served = async (): Promise<number> => Number(await (await fetch(`http://127.0.0.1:${ready.statsPort}/`)).text());
  return { target: { name: 'trivial', url: `${origin}/`, origin, served }, stop: () => proc.stop() };
}

async function startMcp(workDir: string): Promise<{ target: BenchTarget; stop: () => Promise<void> }> {
  const topology = await new ProcessPlatform().start({
    runId,
    cellId: 'bench-mcp',
    model: 'stateless',
    replicas: 3,
    policy: 'round-robin',
    balancer: 'haproxy',
    servers: { legacy: { unknownSessionStatus: 404, sessionIdleTimeoutMs: 300_000 }, readinessTimeoutMs: 15_000 },
    workDir,
  });
  const served = async (): Promise<number> => (await Promise.all(topology.replicas.map((r) => r.stats()))).reduce((n, s) => n + totalCount(s.counts), 0);
  return { target: { name: 'mcp', url: `${topology.balancer.url}/mcp`, origin: topology.balancer.url, served }, stop: () => topology.stop() };
}

const fmt = (n: number | undefined, d = 0): string => (n === undefined || !Number.isFinite(n) ? '—' : n.toFixed(d));

/** --rss: RSS of our engine after a short and a long constant-rate run; bounded memory means equal. */
async function rssCheck(): Promise<void> {
  ensureTool('/usr/bin/time', 'time');
  const shortS = num('--short', 60);
  const longS = num('--long', 600);
  const trivial = await startTrivial();
  try {
    const runs = [];
    for (const s of [shortS, longS]) {
      process.stderr.write(`bench --rss: ${s} s at 2000 requests/s\n`);
      runs.push({ durationS: s, run: await runOurs(trivial.target, { connections: 10, durationS: s - LEAD_S - TAIL_S, rate: 2000 }) });
    }
    const [a, b] = runs as [(typeof runs)[0], (typeof runs)[0]];
    const ratio = (b.run.rssBytes ?? NaN) / (a.run.rssBytes ?? NaN);
    process.stdout.write(`RSS after ${a.durationS} s: ${fmt((a.run.rssBytes ?? NaN) / 2 ** 20, 1)} MiB (${a.run.requests} requests); after ${b.durationS} s: ${fmt((b.run.rssBytes ?? NaN) / 2 ** 20, 1)} MiB (${b.run.requests} requests); ratio ${fmt(ratio, 3)}\n`);
    const outDir = path.join(repo, 'bench/results');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path.join(outDir, `rss-${new Date().toISOString().replace(/[:]/g, '-').replace(/\.\d+Z$/, 'Z')}.json`), JSON.stringify({ date: new Date().toISOString(), runs, ratio, environment: environmentInfo() }, null, 2) + '\n');
  } finally {
    await trivial.stop();
  }
}

async function main(): Promise<void> {
  if (argv.includes('--rss')) return rssCheck();
  ensureTool('/usr/bin/wrk', 'wrk');
  ensureTool('/usr/bin/time', 'time');
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'mcp-lb-bench-bench-'));
  const trivial = await startTrivial();
  const mcp = await startMcp(workDir);
  const shapes: Array<{ target: BenchTarget; shape: LoadShape; label: string }> = [
    { target: trivial.target, shape: { connections: 50, durationS }, label: 'closed c=50' },
    { target: trivial.target, shape: { connections: 10, durationS, rate: 2000 }, label: 'rate 2000/s c=10' },
    { target: mcp.target, shape: { connections: 50, durationS }, label: 'closed c=50' },
    { target: mcp.target, shape: { connections: 10, durationS, rate: 400 }, label: 'rate 400/s c=10' },
  ];
  const runs = new Map<string, GeneratorRun[]>();
  try {
    // JIT-warm every target once, unrecorded, like PERF-BASELINE.
    for (const t of [trivial.target, mcp.target]) await runWrk(t, { connections: 50, durationS: 0, warmupOnlyS: 2 }, workDir);
    const generators = ['ours', 'autocannon', 'wrk'] as const;
    for (let rep = 1; rep <= reps; rep++) {
      for (const { target, shape, label } of shapes) {
        // An unrecorded second first, so no generator meets a target cold after it idled; and the
        // order rotates with each repetition, so none is always first or last.
        await runWrk(target, { connections: shape.connections, durationS: 0, warmupOnlyS: 1 }, workDir);
        const order = generators.map((_, i) => generators[(i + rep - 1) % generators.length] as (typeof generators)[number]);
        for (const gen of order) {
          process.stderr.write(`bench: rep ${rep}/${reps} ${target.name} ${label} ${gen}\n`);
          const r = gen === 'ours' ? await runOurs(target, shape) : gen === 'autocannon' ? await runAutocannon(target, shape) : await runWrk(target, shape, workDir);
          const key = `${target.name}|${label}`;
          runs.set(key, [...(runs.get(key) ?? []), r]);
        }
      }
    }
  } finally {
    await mcp.stop();
    await trivial.stop();
  }

  const results: Array<{ target: string; shape: string; summaries: Summary[]; oursVsAutocannon: number; oursVsWrk: number; wholeOursVsAutocannon: number; wholeOursVsWrk: number }> = [];
  const table = new Table({ head: ['target', 'load', 'generator', 'req/s', 'CPU\ncores', 'req per\nCPU-s', 'whole run\nreq per CPU-s', 'p50 ms', 'p99 ms', 'errors', 'ours/ac', 'ours/wrk'] });
  for (const { target, label } of shapes) {
    const all = runs.get(`${target.name}|${label}`) ?? [];
    const summaries = (['ours', 'autocannon', 'wrk'] as const).map((g) => summarize(all.filter((r) => r.generator === g)));
    const [ours, ac, wrk] = summaries as [Summary, Summary, Summary];
    const vsAc = ours.reqPerCpuS / ac.reqPerCpuS;
    const vsWrk = ours.reqPerCpuS / wrk.reqPerCpuS;
    results.push({ target: target.name, shape: label, summaries, oursVsAutocannon: vsAc, oursVsWrk: vsWrk, wholeOursVsAutocannon: ours.wholeReqPerCpuS / ac.wholeReqPerCpuS, wholeOursVsWrk: ours.wholeReqPerCpuS / wrk.wholeReqPerCpuS });
    for (const s of summaries) {
      const extra = [s.uncorrectedP50Ms !== undefined ? `uncorr ${fmt(s.uncorrectedP50Ms, 2)}` : '', s.startLagP50Ms !== undefined ? `start lag ${fmt(s.startLagP50Ms, 2)}` : ''].filter(Boolean).join(', ');
      const p50 = extra ? `${fmt(s.p50Ms, 2)} (${extra})` : fmt(s.p50Ms, 2);
      table.push([target.name, label, s.generator + (s.saturatedRuns ? ` ⚠sat ${s.saturatedRuns}/${all.filter((r) => r.generator === s.generator).length}` : ''), fmt(s.reqPerSec), fmt(s.cpuCores, 3), fmt(s.reqPerCpuS), fmt(s.wholeReqPerCpuS), p50, fmt(s.p99Ms, 2), String(s.errors), s.generator === 'ours' ? fmt(vsAc, 2) : '', s.generator === 'ours' ? fmt(vsWrk, 2) : '']);
    }
  }
  process.stdout.write(`mcp-lb-bench generator benchmark: ${reps} interleaved repetitions, each generator run ${LEAD_S} + ${durationS} + ${TAIL_S} s; medians\n`);
  process.stdout.write(`req/s, CPU cores and req per CPU-s: the ${durationS} s steady window (requests the target counted, the generator's threads' schedstat); whole run: the generator's own count over its whole process CPU (/usr/bin/time, start-up included). Ratios: steady window.\n`);
  process.stdout.write(table.toString() + '\n');
  process.stdout.write('autocannon reports whole milliseconds; wrk paces a constant rate per connection (Lua delay), measured from the actual send; ours at a constant rate is measured from the intended send (uncorrected from the actual send).\n');
  if (results.some((r) => r.summaries.some((s) => s.saturatedRuns > 0))) {
    process.stdout.write('⚠sat k/n: k of n repetitions had our generator saturated (the harness\'s own verdict, reasons in the JSON): the box, not only the target, limited that row.\n');
  }
  const outDir = path.join(repo, 'bench/results');
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${new Date().toISOString().replace(/[:]/g, '-').replace(/\.\d+Z$/, 'Z')}.json`);
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), reps, durationS, git: gitInfo(), environment: environmentInfo(), software: softwareVersions(), results, runs: Object.fromEntries(runs) }, null, 2) + '\n');
  process.stdout.write(`written: ${path.relative(process.cwd(), file)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
