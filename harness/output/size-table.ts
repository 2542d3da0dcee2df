import Table from 'cli-table3';
import type { SizeCellResult, SizeFit, SizeResult } from '../results/size-result-types.js';
import { fmtMsFromUs, fmtNum, MISSING, type Style } from './format.js';

/** Rates as people read them: whole numbers from 100 up, three significant digits below. */
export function fmtRate(r: number | undefined | null): string {
  if (r === undefined || r === null || !Number.isFinite(r)) return r === Number.POSITIVE_INFINITY || r === null ? '∞' : MISSING;
  return r >= 100 ? r.toFixed(0) : r.toPrecision(3);
}

const pct = (x: number | undefined): string => (x === undefined ? MISSING : `${(x * 100).toFixed(0)}%`);

function label(c: Pick<SizeCellResult, 'model' | 'policy' | 'flow' | 'store'>): string {
  return [c.model, ...(c.flow !== 'tools' ? [c.flow] : []), ...(c.store !== 'memory' ? [`@${c.store}`] : []), c.policy].join(' ');
}

/** Bounds of a search without an answer; noise can leave a failing rate below a passing one. */
export function boundsText(lo: number | undefined, hi: number | undefined): string {
  if (lo !== undefined && hi !== undefined && hi < lo) return `held ${fmtRate(lo)}, broke ${fmtRate(hi)}`;
  return `${fmtRate(lo)}–${fmtRate(hi)}`;
}

function capacity(c: SizeCellResult, style: Style): string {
  const s = c.search;
  if (!s) return c.status === 'completed' ? MISSING : style.red(`${c.status}${c.error ? `: ${c.error.message}` : ''}`.slice(0, 48));
  switch (s.status) {
    case 'found':
      return `${fmtRate(s.capacityPerSec)}\n(breaks ${fmtRate(s.upperBoundPerSec)})`;
    case 'invalid':
      return style.red('invalid\n(machine limit)');
    case 'above-maximum':
      return `≥ ${fmtRate(s.lowerBoundPerSec)}`;
    case 'below-minimum':
      return style.yellow(`< ${fmtRate(s.upperBoundPerSec)}`);
    default:
      return style.yellow(`${boundsText(s.lowerBoundPerSec, s.upperBoundPerSec)}\n(${s.status})`);
  }
}

function limiter(c: SizeCellResult, style: Style): string {
  const b = c.boundary;
  if (!b) return MISSING;
  if (b.throttlingBound) return style.yellow('replicas:\nthrottled p99');
  if (b.limitedBy === 'generator' || b.limitedBy === 'box') return style.red(b.limitedBy);
  return b.limitedBy ?? 'unclear';
}

function row(c: SizeCellResult, style: Style): string[] {
  const at = c.atCapacity;
  const atStep = at ? c.steps[at.stepIndex] : undefined;
  const m = c.marginalCost;
  const cost = m ? `${fmtNum(m.cpuUsPerSession.point)} ±${fmtNum((m.cpuUsPerSession.high - m.cpuUsPerSession.low) / 2)}\n${fmtNum(m.cpuUsPerCall.point)}` : MISSING;
  const cross = m ? `${fmtRate(m.predictedCapacityPerSec.point)} ×${m.capacityRatio.toFixed(2)}\n${fmtRate(m.predictedNetCapacityPerSec)} ×${m.netCapacityRatio === undefined ? MISSING : m.netCapacityRatio.toFixed(2)}` : MISSING;
  return [
    label(c),
    String(c.replicas),
    capacity(c, style),
    limiter(c, style),
    at ? fmtMsFromUs(at.p99Us) : MISSING,
    at ? `${pct(at.throttledShare)}${c.boundary?.stepIndex !== undefined ? ` / ${pct(c.steps[c.boundary.stepIndex]?.throttling?.throttledShare)}` : ''}` : MISSING,
    at?.replicaCoresMean !== undefined ? `${at.replicaCoresMean.toFixed(2)} / ${c.cpuCap.coresPerReplica}` : MISSING,
    atStep?.cpu.machineBusyCores !== undefined ? `${atStep.cpu.machineBusyCores.toFixed(2)} / ${atStep.cpu.machineCores}` : MISSING,
    cost,
    cross,
    String(c.steps.length),
  ];
}

/** Per cell: capacity at the SLO, what limited it, and the cost figures at capacity. */
export function renderSizeTable(result: SizeResult, style: Style): string {
  const table = new Table({
    head: ['cell', 'repl', 'capacity\nsessions/s', 'limited by', 'p99 ms at\ncapacity', 'throttled\nat cap / above', 'replica\ncores / cap', 'machine\nbusy cores', 'marginal CPU\nµs/session\nµs/call', 'cap ÷ marginal ×found/it\n(cap − fixed) ÷\nmarginal ×found/it', 'steps'],
    style: { head: [], border: [] },
  });
  for (const c of result.cells) table.push(row(c, style));
  return table.toString();
}

function fitRow(f: SizeFit, maxReplicas: number): string[] {
  const eff = f.efficiency.filter((e) => e.replicas > Math.min(...f.points.map((p) => p.replicas))).map((e) => `${e.replicas}: ${(e.efficiency * 100).toFixed(0)}%`).join(', ');
  if (!f.fit) return [f.id, f.points.map((p) => `${p.replicas}: ${fmtRate(p.capacityPerSec)}`).join(', ') || MISSING, f.unavailable ?? MISSING, '', '', '', eff || MISSING];
  const at = (n: number): string => {
    const p = f.curve.find((c) => c.replicas === n);
    if (!p) return MISSING;
    return p.lowPerSec !== undefined ? `${fmtRate(p.fittedPerSec)} [${fmtRate(p.lowPerSec)}–${fmtRate(p.highPerSec)}]` : fmtRate(p.fittedPerSec);
  };
  const larger = [maxReplicas * 2, maxReplicas * 3].filter((n, i, a) => a.indexOf(n) === i);
  return [
    f.id,
    f.points.map((p) => `${p.replicas}: ${fmtRate(p.capacityPerSec)}`).join(', '),
    `λ ${fmtRate(f.fit.lambdaPerSec)}/s  σ ${f.fit.sigma.toFixed(3)}  κ ${f.fit.kappa.toFixed(4)}\n${f.fit.degreesOfFreedom > 0 ? `R² ${f.fit.rSquared.toFixed(3)}, ${f.fit.degreesOfFreedom} d.o.f.` : `through every point (${f.points.length} for 3 parameters)`}`,
    f.band.unavailable ? `none: ${f.band.unavailable}` : `${(f.band.confidence * 100).toFixed(0)}% residual bootstrap`,
    larger.map((n) => `${n}: ${at(n)}`).join('\n'),
    f.fit.peakReplicas !== undefined ? `${f.fit.peakReplicas.toFixed(1)} (${fmtRate(f.fit.maxCapacityPerSec)}/s)` : f.fit.sigma > 0 ? `none (→ ${fmtRate(f.fit.maxCapacityPerSec)}/s)` : 'none (linear)',
    eff || MISSING,
  ];
}

/** Per model + policy + state: the USL fit over replica counts, predictions at larger counts, efficiency. */
export function renderFitTable(result: SizeResult): string {
  const maxReplicas = Math.max(1, ...result.cells.map((c) => c.replicas));
  const table = new Table({
    head: ['model.policy[.store]', 'capacity by replicas', 'USL fit', 'band', 'predicted at', 'peak N*', 'efficiency\nvs linear'],
    style: { head: [], border: [] },
  });
  for (const f of result.fits) table.push(fitRow(f, maxReplicas));
  return table.toString();
}

/** Replicas needed for the target rate, per model + policy + state. */
export function renderReplicasNeededTable(result: SizeResult): string | undefined {
  const target = result.settings.targetPerSec;
  if (target === undefined) return undefined;
  const table = new Table({ head: ['model.policy[.store]', `replicas for ${fmtRate(target)} sessions/s`, 'predicted capacity', 'note'], style: { head: [], border: [] } });
  for (const f of result.fits) {
    const n = f.replicasNeeded;
    if (!n) table.push([f.id, MISSING, MISSING, f.unavailable ?? 'no fit']);
    else if (n.reachable) table.push([f.id, String(n.replicas), `${fmtRate(n.predictedCapacityPerSec)}/s`, f.band.unavailable ? 'extrapolated from the fit (no band)' : '']);
    else table.push([f.id, 'not reachable', `max ${fmtRate(n.maxCapacityPerSec)}/s`, n.reason ?? '']);
  }
  return table.toString();
}

/** Lines under the tables: what the marks mean and the findings to read first. */
export function sizeFootnotes(result: SizeResult): string[] {
  const notes: string[] = [];
  const throttled = result.cells.filter((c) => c.boundary?.throttlingBound);
  if (throttled.length > 0) {
    notes.push(`throttled p99: ${throttled.map((c) => c.id).join(', ')} broke the SLO through CFS throttling while the replicas' mean CPU stayed below the cap (${result.settings.cpuCap.coresPerReplica} core per ${result.settings.cpuCap.periodUs / 1000} ms period): the quota runs out within a period, and requests wait for the next`);
  }
  if (result.cells.some((c) => c.search?.status === 'invalid')) notes.push('invalid: the step that broke the SLO was limited by the generator or the whole machine, so the figure would be this machine’s ceiling, not the replicas’; run on a quieter machine or lower the caps');
  notes.push('marginal CPU: slope of replica CPU over session rate across the passing steps (± half its 95% interval); cap ÷ marginal = the capacity the CPU cap alone would allow if CPU grew in proportion to the rate; (cap − fixed) ÷ marginal uses the line\'s intercept (CPU that does not grow with the rate over the steps); × = found ÷ each');
  return notes;
}
