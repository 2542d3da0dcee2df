import * as hdr from 'hdr-histogram-js';
import type { IntervalWire } from '../metrics/interval-series.js';
import { decodeHistogram } from '../metrics/histogram.js';

/**
 * The standard HdrHistogram interval log (.hlog), one tagged line per step and second, so tools that
 * read HdrHistogram logs (HistogramLogAnalyzer, hdr-plot) can plot a cell's latency over time. Values
 * are microseconds; "Interval_Max" is reported in milliseconds (max value unit ratio 1000).
 */
export function renderHlog(intervals: readonly IntervalWire[], startEpochMs: number, comment: string): string {
  let out = '';
  const writer = new hdr.HistogramLogWriter((s: string) => {
    out += s;
  });
  writer.outputComment(comment);
  writer.outputComment('latency in microseconds, corrected for coordinated omission (from each request\'s intended send time)');
  writer.outputLogFormatVersion();
  writer.outputStartTime(startEpochMs);
  writer.baseTime = startEpochMs;
  writer.outputLegend();
  for (const interval of intervals) {
    for (const [step, b64] of Object.entries(interval.latencyHdr)) {
      const h = decodeHistogram(b64 as string, { packed: true });
      h.tag = step;
      writer.outputIntervalHistogram(h, interval.second, interval.second + 1, 1000);
    }
  }
  return out;
}
