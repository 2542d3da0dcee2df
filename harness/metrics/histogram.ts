import * as hdr from 'hdr-histogram-js';

/**
 * HDR histograms are the unit of truth: integer microseconds, 3 significant digits, merged (never
 * averaged) across workers and cells, serialised as compressed base64 so runs can be merged later.
 */
export type Histogram = hdr.Histogram;

/** 24 h: above any timeout a scenario accepts. Values beyond are clamped and counted, never dropped. */
export const HISTOGRAM_MAX_US = 86_400_000_000;
export const HISTOGRAM_SIGNIFICANT_DIGITS = 3;

export function newHistogram(): Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: HISTOGRAM_MAX_US,
    numberOfSignificantValueDigits: HISTOGRAM_SIGNIFICANT_DIGITS,
  });
}

/** Converts a performance.now() difference (ms, fractional) to whole microseconds, at least 1. */
export function msToUs(ms: number): number {
  const us = Math.round(ms * 1000);
  return us < 1 ? 1 : us;
}

/** Records `us`; returns false when the value had to be clamped to the histogram's range. */
export function recordUs(h: Histogram, us: number): boolean {
  if (us > HISTOGRAM_MAX_US) {
    h.recordValue(HISTOGRAM_MAX_US);
    return false;
  }
  h.recordValue(us < 1 ? 1 : Math.round(us));
  return true;
}

export interface HistogramSummary {
  readonly count: number;
  readonly minUs: number;
  readonly meanUs: number;
  readonly p50Us: number;
  readonly p90Us: number;
  readonly p99Us: number;
  readonly p999Us: number;
  readonly maxUs: number;
}

/** Percentiles of an empty histogram do not exist: the summary is undefined, and printed as "—". */
export function summarize(h: Histogram): HistogramSummary | undefined {
  if (h.totalCount === 0) return undefined;
  return {
    count: h.totalCount,
    minUs: h.minNonZeroValue,
    meanUs: Math.round(h.mean),
    p50Us: h.getValueAtPercentile(50),
    p90Us: h.getValueAtPercentile(90),
    p99Us: h.getValueAtPercentile(99),
    p999Us: h.getValueAtPercentile(99.9),
    maxUs: h.maxValue,
  };
}

export function encodeHistogram(h: Histogram): string {
  return hdr.encodeIntoCompressedBase64(h);
}

/**
 * `packed` decodes into a histogram whose memory follows its content (a few KB) instead of the full
 * range's counts array (~115 KB): for the many short-lived interval histograms handled after a run,
 * whose number grows with the run's length.
 */
export function decodeHistogram(base64: string, options: { packed?: boolean } = {}): Histogram {
  return options.packed ? hdr.decodeFromCompressedBase64(base64, 'packed') : hdr.decodeFromCompressedBase64(base64);
}

/** Adds `from` into `into` (HDR merge: exact bucket sums). */
export function mergeInto(into: Histogram, from: Histogram): void {
  into.add(from);
}
