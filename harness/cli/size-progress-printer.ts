import { fmtMsFromUs, type Style } from '../output/format.js';
import { fmtRate } from '../output/size-table.js';
import type { SizeSettings, SizeStep } from '../results/size-result-types.js';
import type { SizeEvent } from '../sizing/size-scenario.js';

const pct = (x: number | undefined, digits = 0): string => (x === undefined ? '—' : `${(x * 100).toFixed(digits)}%`);

export function describeSettings(s: SizeSettings): string {
  const slo = [
    s.slo.callP99Us !== undefined ? `call p99 ≤ ${fmtMsFromUs(s.slo.callP99Us)} ms` : undefined,
    s.slo.requestErrorRate !== undefined ? `request errors ≤ ${pct(s.slo.requestErrorRate, 2)}` : undefined,
    s.slo.failedSessionRate !== undefined ? `failed sessions ≤ ${pct(s.slo.failedSessionRate, 2)}` : undefined,
  ].filter((x) => x !== undefined);
  const q = s.search;
  return [
    `SLO: ${slo.join(', ')}`,
    `cap: ${s.cpuCap.coresPerReplica} core per replica (CFS period ${s.cpuCap.periodUs / 1000} ms)`,
    `search: ×${q.growthFactor} until the SLO breaks, then bisect to ±${pct(q.precision)}; replicas warmed ${q.replicaWarmupMs / 1000} s uncapped, then steps of ${q.stepWarmupMs / 1000} s warm-up + ${q.stepMs / 1000} s, confirmation ${q.confirmMs / 1000} s${s.quick ? ' (--quick)' : ''}`,
    `steps: ${s.stepIsolation}`,
  ].join('\n');
}

function stepLine(step: SizeStep, style: Style): string {
  const cap = step.cpu.replicaCores.filter((c): c is number => c !== undefined);
  const mean = cap.length > 0 ? cap.reduce((a, b) => a + b, 0) / cap.length : undefined;
  const figures = [
    `p99 ${fmtMsFromUs(step.latency?.p99Us)} ms`,
    `err ${pct(step.errorRate, 1)}`,
    `replicas ${mean === undefined ? '—' : mean.toFixed(2)} cores`,
    `throttled ${pct(step.throttling?.throttledShare)}`,
    `machine ${step.cpu.machineBusyCores === undefined ? '—' : step.cpu.machineBusyCores.toFixed(2)}/${step.cpu.machineCores ?? '—'}`,
  ].join(', ');
  const verdict = step.sloMet ? 'met  ' : style.yellow('broke');
  const why = step.sloMet ? (step.limitedBy ? style.red(` — ${step.limiterReason}`) : '') : ` — ${step.violations[0] ?? ''}; ${step.limitedBy ? `limited by ${step.limitedBy}: ` : ''}${step.limiterReason}`;
  const restart = step.isolation.restarted ? style.dim(` (replicas restarted first: ${step.isolation.sessionsLeft} sessions left)`) : '';
  return `  ${String(step.index + 1).padStart(2)} ${step.phase.padEnd(13)} ${fmtRate(step.ratePerSec).padStart(6)}/s  ${verdict}  ${figures}${why}${restart}`;
}

/** Progress of a size run on stderr: one line per search step (rate, verdict, limiter), one per cell. */
export function sizeProgressPrinter(err: NodeJS.WritableStream, style: Style, quiet: boolean): (e: SizeEvent) => void {
  return (e) => {
    if (quiet && e.type !== 'warning') return;
    switch (e.type) {
      case 'size-start':
        err.write(style.bold(`mcp-lb-bench: size ${e.runId}`) + ` — ${e.cells.length} cells\n${style.dim(describeSettings(e.settings))}\n${style.dim(`results: ${e.runDir}`)}\n`);
        break;
      case 'warning':
        err.write(style.yellow(e.message) + '\n');
        break;
      case 'cell-start':
        err.write(`[${e.cell.index + 1}/${e.of}] ${e.cell.id}: search starts at ${fmtRate(e.start.ratePerSec)}/s (${e.start.reason})\n`);
        break;
      case 'step':
        err.write(stepLine(e.step, style) + '\n');
        break;
      case 'replica-warm-up': {
        const w = e.warmup;
        err.write(style.dim(`   warm-up    ${fmtRate(w.ratePerSec).padStart(6)}/s  closed loop, uncapped, ${w.durationMs / 1000} s: ${w.cpuUsPerSession === undefined ? '—' : (w.cpuUsPerSession / 1000).toFixed(1)} ms CPU per session; replicas capped now`) + '\n');
        break;
      }
      case 'cell-end': {
        const c = e.cell;
        const s = c.search;
        const line = s
          ? `${s.status}${s.capacityPerSec !== undefined ? ` ${fmtRate(s.capacityPerSec)}/s` : ''}: ${s.reason}`
          : `${c.status}${c.error ? `: ${c.error.message}` : ''}`;
        err.write(`  → ${s?.status === 'found' ? line : style.yellow(line)}\n`);
        break;
      }
      case 'results-written':
        if (e.final) err.write(style.dim(`results written: ${e.file}`) + '\n');
        break;
    }
  };
}
