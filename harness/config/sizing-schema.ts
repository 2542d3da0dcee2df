import { z } from 'zod';
import { SCENARIO_DEFAULTS } from './defaults.js';
import { formatDurationMs } from './durations.js';
import type { SizingSearchSpec, SizingSpec } from './resolved-scenario.js';
import { addHintedIssue, durationField } from './schema-fields.js';
import { fractionField } from './slo-schema.js';

const D = SCENARIO_DEFAULTS.sizing;
/** The kernel's CFS bounds: cfs_period_us 1 ms .. 1 s (a whole, positive number of ms here), cfs_quota_us at least 1 ms. */
const MAX_PERIOD_MS = 1000;
const MIN_QUOTA_MS = 1;

const precision = () => fractionField({ zero: false, below: 0.5, description: 'Relative precision of the capacity search: it stops when the breaking rate is within this share above the answer' });
const step = () => durationField({ positive: true, maxMs: 600_000, description: 'Measured window of each search step, after its own warm-up' });
const stepWarmup = () => durationField({ positive: false, maxMs: 600_000, description: 'Warm-up of each search step at the step’s rate; its samples are discarded' });
const replicaWarmup = () => durationField({ positive: false, maxMs: 600_000, description: 'Before each cell’s search, its fresh replicas run uncapped for this long, closed loop (4 clients per replica), then get their cap: unoptimised code costs several times its CPU, and a capped replica takes about a minute of load to optimise it; 0 = capped from the start' });
const confirm = () => durationField({ positive: true, maxMs: 1_800_000, description: 'Measured window of the confirmation runs at the answer and one precision step above it' });
const rate = (description: string) => z.number().gt(0).max(100_000).meta({ description });

function checkConfirm(s: { step: number; confirm: number }, ctx: z.RefinementCtx): void {
  if (s.confirm < s.step) {
    addHintedIssue(ctx, s.confirm, { path: ['confirm'], message: `${formatDurationMs(s.confirm)} is shorter than a step (${formatDurationMs(s.step)})`, hint: 'the confirmation runs longer than a search step, to catch a rate that only holds briefly: raise confirm or shorten step' });
  }
}

const quickSchema = z
  .strictObject({
    precision: precision().prefault(D.quick.precision),
    step: step().prefault(D.quick.step),
    stepWarmup: stepWarmup().prefault(D.quick.stepWarmup),
    replicaWarmup: replicaWarmup().prefault(D.quick.replicaWarmup),
    confirm: confirm().prefault(D.quick.confirm),
  })
  .superRefine(checkConfirm)
  .transform((q): SizingSearchSpec => ({ precision: q.precision, stepMs: q.step, stepWarmupMs: q.stepWarmup, replicaWarmupMs: q.replicaWarmup, confirmMs: q.confirm }))
  .meta({ description: 'What `size --quick` uses instead: coarser precision, shorter steps.' });

/**
 * How `mcp-lb-bench size` searches: the CPU cap of every replica (a CFS quota, what a pod's CPU limit
 * is), the search's start, growth and precision, and the length of its steps.
 */
export const sizingSchema = z
  .strictObject({
    cpuPerReplica: z
      .number()
      .gt(0)
      .max(64)
      .meta({ description: 'CPU cap of each replica, in cores (0.25 = a quarter of a core): a CFS quota, like a pod’s CPU limit. Replicas, balancer and generator share the machine, so the caps must leave room for the other two.' }),
    cfsPeriod: durationField({ positive: true, maxMs: MAX_PERIOD_MS, description: 'CFS period of the cap (the quota is cpuPerReplica × period; Kubernetes uses 100ms)' }).prefault(D.cfsPeriod),
    startRate: rate('First rate of the search, sessions/s per replica (a cell with N replicas starts at N × this, or near the capacity the same model and policy reached with fewer replicas).').prefault(D.startRate),
    maxRate: rate('The search never offers more than this many sessions/s; the SLO holding there gives "at least this much".').prefault(D.maxRate),
    growthFactor: z.number().gt(1).max(10).meta({ description: 'Rate multiplier per step until the SLO breaks, > 1 and <= 10.' }).prefault(D.growthFactor),
    precision: precision().prefault(D.precision),
    step: step().prefault(D.step),
    stepWarmup: stepWarmup().prefault(D.stepWarmup),
    replicaWarmup: replicaWarmup().prefault(D.replicaWarmup),
    confirm: confirm().prefault(D.confirm),
    settleTimeout: durationField({ positive: false, maxMs: 120_000, description: 'Between steps, how long to wait for the replicas to hold no session before restarting them' }).prefault(D.settleTimeout),
    target: rate('Target rate, sessions/s, for the replicas-needed table (`size --target` overrides it).').optional(),
    quick: quickSchema.prefault({}),
  })
  .superRefine(checkConfirm)
  .superRefine((s, ctx) => {
    if (s.cpuPerReplica * s.cfsPeriod < MIN_QUOTA_MS) {
      addHintedIssue(ctx, s.cpuPerReplica, {
        path: ['cpuPerReplica'],
        message: `a quota of ${s.cpuPerReplica} × ${formatDurationMs(s.cfsPeriod)} is below the kernel's minimum of ${MIN_QUOTA_MS}ms per period`,
        hint: 'raise cpuPerReplica or lengthen cfsPeriod',
      });
    }
  })
  .transform(
    (s): SizingSpec => ({
      cpuPerReplica: s.cpuPerReplica,
      cfsPeriodUs: s.cfsPeriod * 1000,
      startRatePerSec: s.startRate,
      maxRatePerSec: s.maxRate,
      growthFactor: s.growthFactor,
      precision: s.precision,
      stepMs: s.step,
      stepWarmupMs: s.stepWarmup,
      replicaWarmupMs: s.replicaWarmup,
      confirmMs: s.confirm,
      settleTimeoutMs: s.settleTimeout,
      targetPerSec: s.target,
      quick: s.quick,
    }),
  )
  .meta({ description: 'How `mcp-lb-bench size` searches each cell’s capacity: per-replica CPU cap, start and growth of the rate, precision, step lengths, and the `--quick` preset.' });
