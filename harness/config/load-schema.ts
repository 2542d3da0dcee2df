import { z } from 'zod';
import { SCENARIO_DEFAULTS } from './defaults.js';
import type { LoadSpec, LoadUnit } from './resolved-scenario.js';
import { durationField } from './schema-fields.js';

const DAY_MS = 24 * 3_600_000;

const warmup = () =>
  durationField({ positive: false, description: 'Warm-up before the measured window; its samples are discarded' }).prefault(
    SCENARIO_DEFAULTS.load.warmup,
  );
const duration = () => durationField({ positive: true, maxMs: DAY_MS, description: 'Measured window, after warm-up' });
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
const maxInFlight = () =>
  z
    .number()
    .int()
    .min(1)
    .meta({ description: 'Starts alive at once (sessions, or requests waiting for or holding a client) before new ones are dropped and counted, integer >= 1.' })
    .prefault(SCENARIO_DEFAULTS.load.maxInFlight);

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
  })
  .superRefine(checkClients)
  .transform(
    (l): LoadSpec => ({
      executor: l.executor,
      unit: l.unit,
      ratePerSec: l.rate,
      clients: l.clients,
      durationMs: l.duration,
      warmupMs: l.warmup,
      maxInFlight: l.maxInFlight,
    }),
  )
  .meta({ description: 'Open model: starts on a fixed schedule whatever the latency (wrk2-style); latency is measured from each start’s intended time.' });

const rampingArrivalRate = z
  .strictObject({
    executor: z.literal('ramping-arrival-rate'),
    unit: unit(),
    startRate: rate('Starts per second at the beginning of the first stage, 0..100000.').prefault(0),
    stages: z
      .array(z.strictObject({ target: rate('Starts per second reached at the end of this stage, 0..100000.'), duration: durationField({ positive: true, maxMs: DAY_MS, description: 'Length of this stage' }) }))
      .min(1)
      .meta({ description: 'Linear ramps: each stage moves the rate from the previous target to its own over its duration (k6 ramping-arrival-rate).' }),
    clients: clients('unit: requests only — long-lived client sessions serving the requests, integer 1..10000.').optional(),
    warmup: warmup(),
    maxInFlight: maxInFlight(),
  })
  .superRefine(checkClients)
  .superRefine((l, ctx) => {
    const total = l.stages.reduce((n, s) => n + s.duration, 0);
    if (l.warmup >= total) ctx.addIssue({ code: 'custom', path: ['warmup'], message: `must be shorter than the stages together (${total} ms), or nothing is measured` });
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
  })
  .transform((l): LoadSpec => ({ executor: l.executor, unit: l.unit, clients: l.clients, durationMs: l.duration, warmupMs: l.warmup }))
  .meta({ description: 'Closed model: N clients, each starting its next session (or request) when the previous one ends (maximum throughput; latency from the actual send).' });

export const loadSchema = z
  .discriminatedUnion('executor', [constantArrivalRate, rampingArrivalRate, closedLoop])
  .meta({ description: 'How work arrives: `constant-arrival-rate` / `ramping-arrival-rate` (open model) or `closed-loop`.' });
