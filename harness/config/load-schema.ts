import { z } from 'zod';
import { constantSchedule, rampingSchedule, type ArrivalSchedule } from '../schedule/arrival-schedule.js';
import { formatDurationMs } from './durations.js';
import { SCENARIO_DEFAULTS } from './defaults.js';
import type { LoadSpec, LoadUnit } from './resolved-scenario.js';
import { addHintedIssue, durationField, MAX_DURATION_MS } from './schema-fields.js';

const warmup = () =>
  durationField({ positive: false, description: 'Warm-up before the measured window; its samples are discarded' }).prefault(
    SCENARIO_DEFAULTS.load.warmup,
  );
const duration = () => durationField({ positive: true, description: 'Measured window, after warm-up' });
const rate = (description: string) => z.number().min(0).max(100_000).meta({ description });
const unit = () =>
  z
    .enum(['sessions', 'requests'])
    .meta({
      description:
        'What the rate counts: `sessions` (each start is a whole logical session: handshake, calls, end) or `requests` (each start is one operation, served by one of `clients` long-lived client sessions, like wrk2 -R over -c connections).',
    })
    .prefault(SCENARIO_DEFAULTS.load.unit);
const clients = (description: string) => z.number().int().min(1).max(10_000).meta({ description });
export const MAX_REPETITIONS = 50;
const repetitions = () =>
  z
    .number()
    .int()
    .min(1)
    .max(MAX_REPETITIONS)
    .meta({
      description: `How many times each cell runs, interleaved across cells (A B A B, so drift spreads evenly); the table then shows medians with their intervals. Integer 1..${MAX_REPETITIONS}.`,
    })
    .prefault(1);
const maxInFlight = () =>
  z
    .number()
    .int()
    .min(1)
    .meta({ description: 'Starts alive at once (sessions, or requests waiting for or holding a client) before new ones are dropped and counted, integer >= 1.' })
    .prefault(SCENARIO_DEFAULTS.load.maxInFlight);

/** Starts the schedule makes after the warm-up: what the cell measures. */
function measuredStarts(schedule: ArrivalSchedule, warmupMs: number): number {
  return schedule.totalSlots - schedule.firstSlotAtOrAfter(warmupMs);
}

/** x rounded up to 3 significant digits, so a suggested minimum is never just below the threshold. */
function roundUp3(x: number): number {
  const step = 10 ** (Math.floor(Math.log10(x)) - 2);
  return Number((Math.ceil(x / step - 1e-9) * step).toPrecision(3));
}

/**
 * An open-model cell must schedule at least one start in its measured window: with none, nothing is
 * measured and the cell would later be called generator-saturated for achieving 0 of its target.
 */
function checkConstantStarts(l: { rate: number; duration: number; warmup: number }, ctx: z.RefinementCtx): void {
  if (!(l.rate > 0) || !(l.duration > 0)) return;
  const schedule = constantSchedule(l.rate, l.warmup + l.duration);
  if (measuredStarts(schedule, l.warmup) > 0) return;
  addHintedIssue(ctx, l.rate, {
    path: ['rate'],
    message: `${l.rate}/s schedules 0 starts in the ${formatDurationMs(l.duration)} measured window${inWarmup(schedule.totalSlots, l.warmup)}, so nothing would be measured`,
    hint: `raise load.rate to at least ${roundUp3(minimumRate(l.warmup, l.duration))} or lengthen load.duration`,
  });
}

const inWarmup = (starts: number, warmupMs: number): string => (starts > 0 ? ` (${starts} in the ${formatDurationMs(warmupMs)} warm-up)` : '');

/**
 * The lowest constant rate (per second) with a start in [W, W + D): start i is due at i / r and the
 * schedule makes floor(r (W + D)) of them, so some i >= r W needs i + 1 <= r (W + D).
 */
function minimumRate(warmupMs: number, durationMs: number): number {
  if (warmupMs === 0) return 1000 / durationMs;
  const index = Math.max(1, Math.ceil(warmupMs / durationMs));
  return ((index + 1) * 1000) / (warmupMs + durationMs);
}

/** `clients` is required exactly when the unit is requests (open model): it is the wrk2 -c of the run. */
function checkClients(l: { unit: LoadUnit; clients?: number | undefined }, ctx: z.RefinementCtx): void {
  if (l.unit === 'requests' && l.clients === undefined)
    ctx.addIssue({ code: 'custom', path: ['clients'], message: 'required with unit: requests (how many long-lived client sessions serve the requests, e.g. 50)' });
  if (l.unit === 'sessions' && l.clients !== undefined)
    ctx.addIssue({ code: 'custom', path: ['clients'], message: 'only applies with unit: requests (with unit: sessions every start is its own client): remove it or set unit: requests' });
}

const constantArrivalRate = z
  .strictObject({
    executor: z.literal('constant-arrival-rate'),
    unit: unit(),
    rate: z.number().gt(0).max(100_000).meta({ description: 'Starts per second (sessions or requests, see unit), > 0 and <= 100000.' }),
    clients: clients('unit: requests only — long-lived client sessions serving the requests, integer 1..10000.').optional(),
    duration: duration(),
    warmup: warmup(),
    maxInFlight: maxInFlight(),
    repetitions: repetitions(),
  })
  .superRefine(checkClients)
  .superRefine(checkConstantStarts)
  .transform(
    (l): LoadSpec => ({
      executor: l.executor,
      unit: l.unit,
      ratePerSec: l.rate,
      clients: l.clients,
      durationMs: l.duration,
      warmupMs: l.warmup,
      maxInFlight: l.maxInFlight,
      repetitions: l.repetitions,
    }),
  )
  .meta({ description: 'Open model: starts on a fixed schedule whatever the latency (wrk2-style); latency is measured from each start’s intended time.' });

const rampingArrivalRate = z
  .strictObject({
    executor: z.literal('ramping-arrival-rate'),
    unit: unit(),
    startRate: rate('Starts per second at the beginning of the first stage, 0..100000.').prefault(0),
    stages: z
      .array(z.strictObject({ target: rate('Starts per second reached at the end of this stage, 0..100000.'), duration: durationField({ positive: true, description: 'Length of this stage' }) }))
      .min(1)
      .meta({ description: 'Linear ramps: each stage moves the rate from the previous target to its own over its duration (k6 ramping-arrival-rate).' }),
    clients: clients('unit: requests only — long-lived client sessions serving the requests, integer 1..10000.').optional(),
    warmup: warmup(),
    maxInFlight: maxInFlight(),
    repetitions: repetitions(),
  })
  .superRefine(checkClients)
  .superRefine((l, ctx) => {
    const total = l.stages.reduce((n, s) => n + s.duration, 0);
    if (total > MAX_DURATION_MS) {
      addHintedIssue(ctx, l.stages, {
        path: ['stages'],
        message: `the stages last ${formatDurationMs(total)} together, more than ${formatDurationMs(MAX_DURATION_MS)}`,
        hint: `a cell's load lasts at most ${formatDurationMs(MAX_DURATION_MS)}: shorten or remove stages`,
      });
      return;
    }
    if (l.warmup >= total) {
      ctx.addIssue({ code: 'custom', path: ['warmup'], message: `must be shorter than the stages together (${total} ms), or nothing is measured` });
      return;
    }
    const schedule = rampingSchedule(l.startRate, l.stages.map((s) => ({ targetPerSec: s.target, durationMs: s.duration })));
    const measured = measuredStarts(schedule, l.warmup);
    if (measured === 0) {
      const warm = l.warmup > 0 ? ` after the ${formatDurationMs(l.warmup)} warm-up${schedule.totalSlots > 0 ? ` (${schedule.totalSlots} in it)` : ''}` : '';
      addHintedIssue(ctx, l.stages, {
        path: ['stages'],
        message: `schedule 0 starts${warm}, so nothing would be measured`,
        hint: 'raise the stage targets (or startRate) or lengthen the stages: the rate must add up to at least one start after the warm-up',
      });
    }
  })
  .transform(
    (l): LoadSpec => ({
      executor: l.executor,
      unit: l.unit,
      startRatePerSec: l.startRate,
      stages: l.stages.map((s) => ({ targetPerSec: s.target, durationMs: s.duration })),
      clients: l.clients,
      warmupMs: l.warmup,
      durationMs: l.stages.reduce((n, s) => n + s.duration, 0) - l.warmup,
      maxInFlight: l.maxInFlight,
      repetitions: l.repetitions,
    }),
  )
  .meta({ description: 'Open model with a rate that ramps linearly between stage targets; the first `warmup` of the stages is discarded.' });

const closedLoop = z
  .strictObject({
    executor: z.literal('closed-loop'),
    unit: unit(),
    clients: clients('Concurrent clients running back to back (sessions, or requests on one long-lived session each), integer 1..10000.'),
    duration: duration(),
    warmup: warmup(),
    repetitions: repetitions(),
  })
  .transform((l): LoadSpec => ({ executor: l.executor, unit: l.unit, clients: l.clients, durationMs: l.duration, warmupMs: l.warmup, repetitions: l.repetitions }))
  .meta({ description: 'Closed model: N clients, each starting its next session (or request) when the previous one ends (maximum throughput; latency from the actual send).' });

export const loadSchema = z
  .discriminatedUnion('executor', [constantArrivalRate, rampingArrivalRate, closedLoop])
  .meta({ description: 'How work arrives: `constant-arrival-rate` / `ramping-arrival-rate` (open model) or `closed-loop`.' });
