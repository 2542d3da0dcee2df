import type { RequestStep } from '../metrics/steps.js';
import { faultLabel } from '../faults/fault-summary.js';
import type { CellResult } from '../results/result-types.js';
import { keyStepOf } from '../output/state-table.js';
import { msFromUs } from './chart-style.js';

/** A stretch of the cell's timeline to shade, in seconds since its load started. */
export interface Shade {
  readonly kind: 'warm-up' | 'drain' | 'fault';
  readonly label: string;
  readonly fromS: number;
  readonly toS: number;
}

/** One cell's per-second series as plotted: each second [s, s+1) is drawn at its middle, s + 0.5. */
export interface PerSecondData {
  readonly cellIndex: number;
  readonly cellId: string;
  readonly step: RequestStep;
  readonly seconds: readonly number[];
  readonly atS: readonly number[];
  /** null: no successful request of the step completed in that second (a gap, never a zero). */
  readonly p50Ms: readonly (number | null)[];
  readonly p99Ms: readonly (number | null)[];
  readonly requests: readonly number[];
  readonly failed: readonly number[];
  readonly http404: readonly number[];
  readonly shades: readonly Shade[];
  readonly endS: number;
}

/** Contiguous runs of seconds in one phase, as shaded spans. */
function phaseShades(points: NonNullable<CellResult['timeSeries']>, phase: 'warm-up' | 'drain'): Shade[] {
  const shades: Shade[] = [];
  for (const p of points) {
    if (p.phase !== phase) continue;
    const last = shades[shades.length - 1];
    if (last && last.toS === p.second) shades[shades.length - 1] = { ...last, toS: p.second + 1 };
    else shades.push({ kind: phase, label: phase, fromS: p.second, toS: p.second + 1 });
  }
  return shades;
}

export function perSecondData(c: CellResult, cellIndex: number): PerSecondData | undefined {
  const points = c.timeSeries ?? [];
  if (points.length === 0) return undefined;
  const step = keyStepOf(c.flow);
  const endS = Math.max(...points.map((p) => p.second + 1));
  const faults: Shade[] = [];
  for (const f of c.faults ?? []) {
    if (f.startedAtMs === undefined) continue;
    const toS = f.recoveredAtMs === undefined ? endS : f.recoveredAtMs / 1000;
    faults.push({ kind: 'fault', label: `${faultLabel(f)}${f.recoveredAtMs === undefined ? ', not recovered' : ''}`, fromS: f.startedAtMs / 1000, toS });
  }
  const lat = (p: (typeof points)[number], which: 'p50Us' | 'p99Us'): number | null => {
    const s = p.latency[step];
    return s ? msFromUs(s[which]) : null;
  };
  return {
    cellIndex,
    cellId: c.id,
    step,
    seconds: points.map((p) => p.second),
    atS: points.map((p) => p.second + 0.5),
    p50Ms: points.map((p) => lat(p, 'p50Us')),
    p99Ms: points.map((p) => lat(p, 'p99Us')),
    requests: points.map((p) => p.requests),
    failed: points.map((p) => p.failed),
    http404: points.map((p) => p.http404),
    shades: [...phaseShades(points, 'warm-up'), ...phaseShades(points, 'drain'), ...faults],
    endS,
  };
}
