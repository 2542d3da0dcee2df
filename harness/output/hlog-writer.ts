import * as hdr from 'hdr-histogram-js';
import type { IntervalWire } from '../metrics/interval-series.js';
import { decodeHistogram } from '../metrics/histogram.js';

const REFERENCE_TEXT = {
  'intended-send-time': "corrected for coordinated omission (from each request's intended send time)",
  'actual-send-time': "from each request's actual send time (closed loop: no schedule, so nothing to correct)",
} as const;

/**
 * The standard HdrHistogram interval log (.hlog), one tagged line per step and interval, so tools that
 * read HdrHistogram logs (HistogramLogAnalyzer, hdr-plot) can plot a cell's latency over time. Values
 * are microseconds; "Interval_Max" is reported in milliseconds (max value unit ratio 1000). Each
 * line's length is its interval's real length (the last one is usually shorter than a second).
 */
export function renderHlog(intervals: readonly IntervalWire[], startEpochMs: number, comment: string, reference: keyof typeof REFERENCE_TEXT): string {
  let out = '';
  const writer = new hdr.HistogramLogWriter((s: string) => {
    out += s;
  });
  writer.outputComment(comment);
  writer.outputComment(`latency in microseconds, ${REFERENCE_TEXT[reference]}`);
  writer.outputLogFormatVersion();
  writer.outputStartTime(startEpochMs);
  writer.baseTime = startEpochMs;
  writer.outputLegend();
  for (const interval of intervals) {
    for (const [step, b64] of Object.entries(interval.latencyHdr)) {
      const h = decodeHistogram(b64 as string, { packed: true });
      h.tag = step;
      writer.outputIntervalHistogram(h, interval.second, interval.second + interval.durationMs / 1000, 1000);
    }
  }
  return out;
}
