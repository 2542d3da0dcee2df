import { z } from 'zod';
import { SCENARIO_DEFAULTS } from './defaults.js';
import type { SloSpec } from './resolved-scenario.js';
import { addHintedIssue, durationField } from './schema-fields.js';

const PERCENT_RE = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/;

export interface FractionBounds {
  /** Whether 0 itself is allowed (an error budget of 0 is; a precision of 0 is not). */
  readonly zero: boolean;
  /** Exclusive upper bound, as a fraction (1 = 100 %). */
  readonly below: number;
  readonly description: string;
}

/**
 * A share in file notation: `0.1%` or a fraction (`0.001`), desugared to the fraction. A bare number
 * of 1 or more is refused rather than guessed: `1` could mean 100 % or 1 %.
 */
export function fractionField(bounds: FractionBounds) {
  const range = `${bounds.zero ? '>= 0' : '> 0'} and < ${bounds.below * 100}%`;
  const hint = `${bounds.description}: write a percentage (e.g. 0.1%) or a fraction (e.g. 0.001), ${range}`;
  return z
    .union([z.string(), z.number()])
    .transform((value, ctx): number => {
      let fraction: number;
      if (typeof value === 'number') {
        if (value >= 1) {
          addHintedIssue(ctx, value, { message: `${value} is ambiguous as a share`, hint: `write ${value}% for a percentage, or a fraction below 1 (${value / 100} for ${value}%)` });
          return z.NEVER;
        }
        fraction = value;
      } else {
        const m = PERCENT_RE.exec(value);
        if (!m) {
          addHintedIssue(ctx, value, { message: `${JSON.stringify(value)} is not a percentage`, hint });
          return z.NEVER;
        }
        fraction = Number(m[1]) / 100;
      }
      if (!Number.isFinite(fraction) || fraction < 0 || (!bounds.zero && fraction === 0) || fraction >= bounds.below) {
        addHintedIssue(ctx, value, { message: `must be ${range} (got ${typeof value === 'number' ? value : value.trim()})`, hint });
        return z.NEVER;
      }
      return fraction;
    })
    .meta({ description: `${bounds.description} (${range}): a percentage such as 0.1% or a fraction such as 0.001.` });
}

/**
 * The service-level objective `mcp-lb-bench size` searches against: the highest session rate whose
 * steps meet every limit given here. Latency is tool-call latency from the intended send time (open
 * model, coordinated omission corrected), so a saturated step shows its queueing.
 */
export const sloSchema = z
  .strictObject({
    callP99: durationField({ positive: true, maxMs: 600_000, description: 'Tool-call p99 limit, from the intended send time' }).optional(),
    errorRate: fractionField({ zero: true, below: 1, description: 'Failed requests over all requests of a step' }).optional(),
    failedSessions: fractionField({ zero: true, below: 1, description: 'Failed (or dropped) sessions over all sessions of a step' }).optional(),
    minCalls: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .meta({ description: 'A step with fewer completed tool calls than this does not meet the SLO (its p99 rests on too few samples), integer >= 1.' })
      .prefault(SCENARIO_DEFAULTS.slo.minCalls),
  })
  .superRefine((s, ctx) => {
    if (s.callP99 === undefined && s.errorRate === undefined && s.failedSessions === undefined) {
      addHintedIssue(ctx, s, { message: 'the SLO sets no limit', hint: 'give at least one of callP99 (e.g. 100ms), errorRate (e.g. 0.1%) or failedSessions (e.g. 0.5%)' });
    }
  })
  .transform(
    (s): SloSpec => ({
      callP99Us: s.callP99 === undefined ? undefined : s.callP99 * 1000,
      requestErrorRate: s.errorRate,
      failedSessionRate: s.failedSessions,
      minCalls: s.minCalls,
    }),
  )
  .meta({ description: 'Service-level objective for `mcp-lb-bench size`: call p99 from the intended send time, request error rate, failed-session rate.' });
