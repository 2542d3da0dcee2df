import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { childPids } from './process-cpu.js';
import { LEAD_S, steadyWindow, TAIL_S, type SteadyWindow } from './steady-window.js';
import { startTimed, type TimedRun } from './time-command.js';

export interface BenchTarget {
  readonly name: 'trivial' | 'mcp';
  /** Full URL the generators hit (…/ or …/mcp). */
  readonly url: string;
  /** Origin only, for our engine. */
  readonly origin: string;
  /** Requests the target has served so far (its own count, the same for every generator). */
  served(): Promise<number>;
}

export interface GeneratorRun {
  readonly generator: 'ours' | 'autocannon' | 'wrk';
  /** Whole run, as the generator reports it. */
  readonly requests: number;
  readonly errors: number;
  readonly durationS: number;
  /** Whole process, start-up included (/usr/bin/time). */
  readonly cpuS: number;
  /** The steady window: CPU and target-counted requests between two samples after start-up. */
  readonly steady: SteadyWindow | undefined;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Ours only: the same percentiles from the actual send time. */
  readonly uncorrectedP50Ms?: number;
  /** Ours only: the generator marked itself saturated (the harness's own verdict), and why. */
  readonly saturated?: boolean;
  readonly saturationReasons?: readonly string[];
  /** Ours only, constant rate: median lag of starts behind their due time. */
  readonly startLagP50Ms?: number;
  /** Ours only: resident memory at the end of the run. */
  readonly rssBytes?: number;
}

export interface LoadShape {
  readonly connections: number;
  /** The steady window; each generator runs LEAD_S longer before it and TAIL_S after it. */
  readonly durationS: number;
  /** Requests per second for a constant-rate run; closed loop when absent. */
  readonly rate?: number;
  /** An unrecorded warm-up run of this many seconds (no lead, tail or steady window). */
  readonly warmupOnlyS?: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, here.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..');

/** The 2026-07-28 tools/call request, as the v2 client sends it (PERF-BASELINE §2). */
export const MCP_BODY = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: {
    name: 'echo',
    arguments: { text: 'hi' },
    _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1.0.0' }, 'io.modelcontextprotocol/clientCapabilities': {} },
  },
});
export const MCP_HEADERS: Record<string, string> = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  'mcp-protocol-version': '2026-07-28',
  'mcp-method': 'tools/call',
  'mcp-name': 'echo',
};

function parseWrkDuration(s: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(s.trim());
  if (!m) return NaN;
  const v = Number(m[1]);
  return m[2] === 'us' ? v / 1000 : m[2] === 'ms' ? v : m[2] === 's' ? v * 1000 : v * 60_000;
}

/** Runs a generator for the lead, the window and the tail, sampling its steady window on the way. */
async function timed(target: BenchTarget, shape: LoadShape, command: string, args: readonly string[]): Promise<{ run: TimedRun; steady: SteadyWindow | undefined }> {
  const startedAtMs = performance.now();
  const cmd = startTimed(command, args, (totalS(shape) + 30) * 1000, childPids);
  const steady =
    shape.warmupOnlyS === undefined
      ? await steadyWindow(cmd, target.served, startedAtMs, shape.durationS).catch((e: unknown) => {
          process.stderr.write(`bench: no steady window for ${command} on ${target.name}: ${e instanceof Error ? e.message : String(e)}\n`);
          return undefined;
        })
      : undefined;
  return { run: await cmd.result, steady };
}

/** Seconds each generator is asked to run: lead + steady window + tail. */
export const totalS = (shape: LoadShape): number => shape.warmupOnlyS ?? LEAD_S + shape.durationS + TAIL_S;

export async function runWrk(target: BenchTarget, shape: LoadShape, workDir: string): Promise<GeneratorRun> {
  const lua: string[] = [];
  if (target.name === 'mcp') {
    lua.push(`wrk.method = "POST"`, `wrk.body = [[${MCP_BODY}]]`);
    for (const [k, v] of Object.entries(MCP_HEADERS)) lua.push(`wrk.headers["${k}"] = "${v}"`);
  }
  // Pacing: each connection waits connections/rate seconds between requests (wrk has no -R).
  if (shape.rate) lua.push(`function delay() return ${((shape.connections / shape.rate) * 1000).toFixed(3)} end`);
  const args = ['-t1', `-c${shape.connections}`, `-d${totalS(shape)}s`, '--latency'];
  if (lua.length) {
    const script = path.join(workDir, `wrk-${target.name}-${shape.rate ?? 'closed'}.lua`);
    writeFileSync(script, lua.join('\n') + '\n');
    args.push('-s', script);
  }
  const { run: r, steady } = await timed(target, shape, 'wrk', [...args, target.url]);
  const out = r.stdout;
  const total = /(\d+) requests in ([\d.]+)(s|m)/.exec(out);
  const pct = (p: string): number => parseWrkDuration(new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm').exec(out)?.[1] ?? '');
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const errors = non2xx + (socketErrors ? socketErrors.slice(1).reduce((n, x) => n + Number(x), 0) : 0);
  return { generator: 'wrk', requests: Number(total?.[1] ?? 0), errors, durationS: Number(total?.[2] ?? totalS(shape)), cpuS: r.cpuS, steady, p50Ms: pct('50'), p99Ms: pct('99') };
}

export async function runAutocannon(target: BenchTarget, shape: LoadShape): Promise<GeneratorRun> {
  const args = [path.join(repo, 'node_modules/autocannon/autocannon.js'), '-j', '-n', '-c', String(shape.connections), '-d', String(totalS(shape))];
  if (target.name === 'mcp') {
    args.push('-m', 'POST', '-b', MCP_BODY);
    for (const [k, v] of Object.entries(MCP_HEADERS)) args.push('-H', `${k}=${v}`);
  }
  if (shape.rate) args.push('-R', String(shape.rate));
  const { run: r, steady } = await timed(target, shape, process.execPath, [...args, target.url]);
  const j = JSON.parse(r.stdout) as { requests: { total: number }; latency: { p50: number; p99: number }; errors: number; non2xx: number; timeouts: number; duration: number };
  return { generator: 'autocannon', requests: j.requests.total, errors: j.errors + j.non2xx + j.timeouts, durationS: j.duration, cpuS: r.cpuS, steady, p50Ms: j.latency.p50, p99Ms: j.latency.p99 };
}

export async function runOurs(target: BenchTarget, shape: LoadShape): Promise<GeneratorRun> {
  const args = [path.join(repo, 'dist/bench/engine-client.js'), '--target', target.name, '--url', target.origin, '--connections', String(shape.connections), '--duration', `${totalS(shape)}s`];
  if (shape.rate) args.push('--rate', String(shape.rate));
  const { run: r, steady } = await timed(target, shape, process.execPath, args);
  if (r.code !== 0) throw new Error(`engine-client failed: ${r.stderr.slice(-600)}`);
  const j = JSON.parse(r.stdout.trim().split('\n').pop() as string) as { requests: number; failed: number; durationS: number; p50Ms: number; p99Ms: number; uncorrectedP50Ms: number; saturated: boolean; saturationReasons: string[]; startLagP50Ms?: number; rssBytes: number };
  return {
    generator: 'ours',
    requests: j.requests,
    errors: j.failed,
    durationS: j.durationS,
    cpuS: r.cpuS,
    steady,
    p50Ms: j.p50Ms,
    p99Ms: j.p99Ms,
    uncorrectedP50Ms: j.uncorrectedP50Ms,
    saturated: j.saturated,
    saturationReasons: j.saturationReasons,
    startLagP50Ms: j.startLagP50Ms,
    rssBytes: j.rssBytes,
  };
}
