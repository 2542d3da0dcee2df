import { fmtNum, fmtPct, MISSING } from '../output/format.js';
import type { CellResult } from '../results/result-types.js';
import { cellBarChart } from './cell-bar-chart.js';
import { cpuPerSessionFigures, http404ShareFigures, replicaShareFigures, serverCpuUsPerRequest, sessionOutcomeFigures, type CellFigures } from './cell-figures.js';
import { OUTCOME_COLORS } from './chart-style.js';
import { sectionOf, type Block } from './report-blocks.js';
import type { ReportChart, ReportSection } from './report-section.js';
import type { ReportTable } from './report-table.js';
import type { RunReportInput } from './run-report-input.js';

/** What the CPU chart plots: per request today; a caller can pass per-session figures in the same shape. */
export interface CpuChartInput {
  readonly figures: readonly CellFigures[];
  readonly title: string;
  readonly subtitle: string;
  readonly unit: string;
}

export function cpuPerRequestInput(cells: readonly CellResult[]): CpuChartInput {
  return { figures: cpuPerSessionFigures(cells), title: 'CPU per logical session', subtitle: 'measured window, at the cells\' rate (not the cost at capacity): µs of CPU per session', unit: ' µs' };
}

export function cellCharts(cells: readonly CellResult[], prefix: string, cpu: CpuChartInput = cpuPerRequestInput(cells)): ReportChart[] {
  return [
    cellBarChart({
      id: `${prefix}sessions`,
      title: 'Sessions by outcome',
      subtitle: 'measured window; recovered = lost its session, re-initialized and completed',
      caption: 'A healthy cell is all green; amber is sessions that lost their state and recovered by re-initializing, red is sessions that failed (see the failure reasons in result.json).',
      figures: sessionOutcomeFigures(cells),
      stacked: true,
      valueDigits: 0,
      unit: '',
      colors: OUTCOME_COLORS,
    }),
    cellBarChart({
      id: `${prefix}http404-share`,
      title: 'HTTP 404 share',
      subtitle: '% of requests after initialize answered 404 (session not found on that replica)',
      caption: 'Anything above zero means requests of a session reached a replica that did not know it: the cost of routing sessions without affinity.',
      figures: http404ShareFigures(cells),
      stacked: false,
      valueDigits: 1,
      unit: '%',
      max: 100,
      colors: { 'HTTP 404 share (%)': '#b07aa1' },
    }),
    cellBarChart({
      id: `${prefix}replica-share`,
      title: 'Replica share',
      subtitle: '% of requests each replica counted itself (whole cell)',
      caption: 'Equal segments mean the balancer spread the load evenly; one long segment is a hot replica.',
      figures: replicaShareFigures(cells),
      stacked: true,
      valueDigits: 0,
      unit: '%',
      max: 100,
    }),
    cellBarChart({
      id: `${prefix}cpu`,
      title: cpu.title,
      subtitle: cpu.subtitle,
      caption: 'Compare server CPU per session between protocol models (a legacy session sends more requests, a stateless request costs more) and the balancer’s own cost.',
      figures: cpu.figures,
      stacked: false,
      valueDigits: 0,
      unit: cpu.unit,
    }),
  ];
}

export function cellTable(cells: readonly CellResult[]): ReportTable {
  return {
    head: ['cell', 'sessions', 'ok', 'recovered', 'failed', 'lost-session signals', 're-inits', 'HTTP 404 / post-init', '404 share', 'replica share %', 'replica cores', 'server CPU µs/session', 'server CPU µs/call', 'server CPU µs/req', 'LB CPU µs/session', 'LB CPU µs/req', 'generator CPU µs/req'],
    numeric: [false, true, true, true, true, false, true, true, true, false, false, true, true, true, true, true, true],
    rows: cells.map((c) => {
      const m = c.metrics;
      const s = m?.sessions;
      const signals = s ? Object.entries(s.lostSignals).map(([k, n]) => `${k}: ${n}`).join(', ') || '0' : MISSING;
      return [
        c.id,
        s ? String(s.started) : MISSING,
        s ? String(s.ok) : MISSING,
        s ? String(s.recovered) : MISSING,
        s ? String(s.failed) : MISSING,
        signals,
        s ? String(s.reinitialized) : MISSING,
        m ? `${m.http404.count} / ${m.http404.postInitializeRequests}` : MISSING,
        m ? fmtPct(m.http404.count, m.http404.postInitializeRequests) : MISSING,
        (c.replicaReports ?? []).map((r) => `${r.id} ${r.sharePct.toFixed(1)}`).join(', ') || MISSING,
        (c.cost?.perReplica ?? []).map((r) => fmtNum(r.cores, 2)).join(' / ') || MISSING,
        fmtNum(c.cost?.replicas.usPerSession),
        fmtNum(c.cost?.replicas.usPerCall),
        fmtNum(serverCpuUsPerRequest(c)),
        fmtNum(c.cost?.balancer.usPerSession),
        fmtNum(c.cost?.balancer.usPerRequest),
        fmtNum(c.generator?.cpuUsPerRequest),
      ];
    }),
  };
}

export function cellsSection(input: RunReportInput): ReportSection {
  const cells = input.result.cells;
  const blocks: Block[] = [{ kind: 'table', table: cellTable(cells) }];
  return sectionOf(`${input.idPrefix}cells`, `Sessions, routing and CPU per cell${input.titleSuffix}`, blocks, cells.length > 0 ? cellCharts(cells, input.idPrefix) : []);
}
