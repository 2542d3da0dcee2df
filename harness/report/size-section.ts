import { fmtMsFromUs, fmtNum, MISSING } from '../output/format.js';
import { boundsText, fmtRate, sizeFootnotes } from '../output/size-table.js';
import type { SizeCellResult, SizeFit, SizeResult, SizeStep } from '../results/size-result-types.js';
import { sectionOf, type Block, type ItemLevel } from './report-blocks.js';
import type { ReportChart, ReportSection } from './report-section.js';
import type { ReportTable } from './report-table.js';
import { capacityChart, searchStepsChart } from './size-charts.js';

const pct = (x: number | undefined, digits = 0): string => (x === undefined ? MISSING : `${(x * 100).toFixed(digits)}%`);

function capacityText(c: SizeCellResult): string {
  const s = c.search;
  if (!s) return `${c.status}${c.error ? `: ${c.error.message}` : ''}`;
  if (s.status === 'found') return fmtRate(s.capacityPerSec);
  if (s.status === 'above-maximum') return `≥ ${fmtRate(s.lowerBoundPerSec)}`;
  if (s.status === 'below-minimum') return `< ${fmtRate(s.upperBoundPerSec)}`;
  return `${s.status} (${boundsText(s.lowerBoundPerSec, s.upperBoundPerSec)})`;
}

function limitText(c: SizeCellResult): string {
  const b = c.boundary;
  if (!b) return MISSING;
  return b.throttlingBound ? 'replicas: throttled p99' : (b.limitedBy ?? 'unclear');
}

/** Per cell: capacity at the SLO, what broke above it, and the cost figures at capacity. */
export function capacityTable(cells: readonly SizeCellResult[]): ReportTable {
  return {
    head: ['cell', 'capacity sessions/s', 'broke at', 'limited by', 'p99 ms at capacity', 'throttled at capacity / above', 'replica cores / cap', 'marginal CPU µs/session (95%)', 'µs/call', 'cap ÷ marginal sessions/s', 'found ÷ predicted', '(cap − fixed) ÷ marginal', 'found ÷ that', 'steps'],
    numeric: [false, true, true, false, true, true, true, true, true, true, true, true, true, true],
    rows: cells.map((c) => {
      const at = c.atCapacity;
      const above = c.boundary ? c.steps[c.boundary.stepIndex] : undefined;
      const m = c.marginalCost;
      return [
        c.id,
        capacityText(c),
        fmtRate(c.search?.upperBoundPerSec),
        limitText(c),
        fmtMsFromUs(at?.p99Us),
        `${pct(at?.throttledShare)} / ${pct(above?.throttling?.throttledShare)}`,
        at?.replicaCoresMean === undefined ? MISSING : `${at.replicaCoresMean.toFixed(2)} / ${c.cpuCap.coresPerReplica}`,
        m ? `${fmtNum(m.cpuUsPerSession.point)} [${fmtNum(m.cpuUsPerSession.low)}–${fmtNum(m.cpuUsPerSession.high)}]` : (c.marginalCostUnavailable ?? MISSING),
        m ? fmtNum(m.cpuUsPerCall.point) : MISSING,
        m ? fmtRate(m.predictedCapacityPerSec.point) : MISSING,
        m ? m.capacityRatio.toFixed(2) : MISSING,
        m ? fmtRate(m.predictedNetCapacityPerSec) : MISSING,
        m?.netCapacityRatio === undefined ? MISSING : m.netCapacityRatio.toFixed(2),
        String(c.steps.length),
      ];
    }),
  };
}

export function fitTable(fits: readonly SizeFit[]): ReportTable {
  return {
    head: ['model.policy[.store]', 'capacity by replicas', 'λ sessions/s', 'σ', 'κ', 'R²', 'band', 'peak N*', 'fitted at 2× / 3× the largest count', 'efficiency vs linear'],
    numeric: [false, false, true, true, true, true, false, true, false, false],
    rows: fits.map((f) => {
      const top = Math.max(1, ...f.points.map((p) => p.replicas));
      const at = (n: number): string => {
        const p = f.curve.find((c) => c.replicas === n);
        if (!p) return MISSING;
        return p.lowPerSec === undefined ? fmtRate(p.fittedPerSec) : `${fmtRate(p.fittedPerSec)} [${fmtRate(p.lowPerSec)}–${fmtRate(p.highPerSec)}]`;
      };
      const eff = f.efficiency.map((e) => `${e.replicas}: ${pct(e.efficiency)}`).join(', ') || MISSING;
      const points = f.points.map((p) => `${p.replicas}: ${fmtRate(p.capacityPerSec)}`).join(', ') || MISSING;
      if (!f.fit) return [f.id, points, f.unavailable ?? MISSING, '', '', '', '', '', '', eff];
      return [
        f.id,
        points,
        fmtRate(f.fit.lambdaPerSec),
        f.fit.sigma.toFixed(3),
        f.fit.kappa.toFixed(4),
        f.fit.rSquared.toFixed(3),
        f.band.unavailable ? `none: ${f.band.unavailable}` : `${pct(f.band.confidence)} residual bootstrap`,
        f.fit.peakReplicas === undefined ? 'none' : f.fit.peakReplicas.toFixed(1),
        `${top * 2}: ${at(top * 2)} · ${top * 3}: ${at(top * 3)}`,
        eff,
      ];
    }),
  };
}

export function replicasNeededTable(fits: readonly SizeFit[], targetPerSec: number): ReportTable {
  return {
    head: ['model.policy[.store]', `replicas for ${fmtRate(targetPerSec)} sessions/s`, 'fitted capacity there', 'note'],
    numeric: [false, true, true, false],
    rows: fits.map((f) => {
      const n = f.replicasNeeded;
      if (!n) return [f.id, MISSING, MISSING, f.unavailable ?? 'no fit'];
      if (n.reachable) return [f.id, String(n.replicas), fmtRate(n.predictedCapacityPerSec), f.band.unavailable ? 'from the fit through every point (no band): an extrapolation' : ''];
      return [f.id, 'not reachable', `at most ${fmtRate(n.maxCapacityPerSec)}`, n.reason ?? ''];
    }),
  };
}

function stepsTable(steps: readonly SizeStep[]): ReportTable {
  return {
    head: ['#', 'phase', 'rate /s', 'SLO', 'call p99 ms', 'req err', 'replica cores', 'throttled', 'machine cores', 'limited by'],
    numeric: [true, false, true, false, true, true, true, true, true, false],
    rows: steps.map((s) => {
      const known = s.cpu.replicaCores.filter((c): c is number => c !== undefined);
      return [
        String(s.index + 1),
        s.phase,
        fmtRate(s.ratePerSec),
        s.sloMet ? 'met' : `broke: ${s.violations.join('; ')}`,
        fmtMsFromUs(s.latency?.p99Us),
        pct(s.errorRate, 2),
        known.length > 0 ? known.map((c) => c.toFixed(2)).join(' / ') : MISSING,
        pct(s.throttling?.throttledShare),
        s.cpu.machineBusyCores === undefined ? MISSING : `${s.cpu.machineBusyCores.toFixed(2)} / ${s.cpu.machineCores}`,
        s.limitedBy ? `${s.limitedBy}: ${s.limiterReason}` : s.limiterReason,
      ];
    }),
  };
}

const groupOf = (c: SizeCellResult): string => [c.model, c.policy, ...(c.flow !== 'tools' ? [c.flow] : []), ...(c.store !== 'memory' ? [c.store] : [])].join('.');

/**
 * A size result as a report section: capacity against replica count with the USL fit and its band,
 * the capacity and replicas-needed tables, and per model + policy + state the search steps (p99
 * against rate) with every step's figures.
 */
export function sizeSection(result: SizeResult, idPrefix = '', titleSuffix = ''): ReportSection {
  const s = result.settings;
  const slo = [
    s.slo.callP99Us !== undefined ? `call p99 ≤ ${fmtMsFromUs(s.slo.callP99Us)} ms` : undefined,
    s.slo.requestErrorRate !== undefined ? `request errors ≤ ${pct(s.slo.requestErrorRate, 2)}` : undefined,
    s.slo.failedSessionRate !== undefined ? `failed sessions ≤ ${pct(s.slo.failedSessionRate, 2)}` : undefined,
  ].filter((x) => x !== undefined);
  const machine = result.environment as { cpuModel?: unknown; cpuCount?: unknown; loadAverage?: unknown };
  const load = Array.isArray(machine.loadAverage) ? `, load average ${machine.loadAverage.map((x) => Number(x).toFixed(1)).join(' / ')} at the start` : '';
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: `Scenario ${result.scenario.name}, size run ${result.runId} (${result.status}${s.quick ? ', --quick' : ''}) on platform ${String(result.environment['platform'] ?? result.scenario.platform)}${machine.cpuCount !== undefined ? `, ${String(machine.cpuCount)} × ${String(machine.cpuModel)}` : ''}${load}. SLO: ${slo.join(', ')}. Each replica capped at ${s.cpuCap.coresPerReplica} core (CFS period ${s.cpuCap.periodUs / 1000} ms). Search: ×${s.search.growthFactor} until the SLO breaks, bisection to ±${pct(s.search.precision)}, fresh replicas warmed ${s.search.replicaWarmupMs / 1000} s uncapped before the cap, steps of ${s.search.stepWarmupMs / 1000} s warm-up + ${s.search.stepMs / 1000} s, confirmation ${s.search.confirmMs / 1000} s. Between steps: ${s.stepIsolation}.`,
    },
    { kind: 'table', table: capacityTable(result.cells) },
    { kind: 'heading', text: 'Findings' },
    { kind: 'list', items: [...sizeFootnotes(result).map((text) => ({ text, level: (text.startsWith('marginal') ? 'info' : 'notice') as ItemLevel })), ...result.warnings.map((text) => ({ text, level: 'caution' as ItemLevel }))] },
    { kind: 'heading', text: 'Scaling over replica counts (Universal Scalability Law)' },
    { kind: 'table', table: fitTable(result.fits) },
  ];
  if (s.targetPerSec !== undefined) {
    blocks.push({ kind: 'heading', text: `Replicas needed for ${fmtRate(s.targetPerSec)} sessions/s` }, { kind: 'table', table: replicasNeededTable(result.fits, s.targetPerSec) });
  }
  const charts: ReportChart[] = [];
  if (result.fits.some((f) => f.points.length > 0)) charts.push(capacityChart(result.fits, `${idPrefix}size-capacity`));
  const groups = [...new Set(result.cells.map(groupOf))];
  for (const g of groups) {
    const cells = result.cells.filter((c) => groupOf(c) === g);
    charts.push(searchStepsChart(`Search steps: ${g}`, cells, s.slo.callP99Us, `${idPrefix}size-steps-${g}`));
    for (const c of cells) blocks.push({ kind: 'details', summary: `Search steps of ${c.id} (${c.steps.length}; started at ${fmtRate(c.startRatePerSec)}/s: ${c.startReason})`, blocks: [{ kind: 'table', table: stepsTable(c.steps) }] });
  }
  return sectionOf(`${idPrefix}size`, `Capacity sizing${titleSuffix}`, blocks, charts);
}
