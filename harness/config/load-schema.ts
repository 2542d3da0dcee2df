import { z } from 'zod';
import { SCENARIO_DEFAULTS } from './defaults.js';
import type { LoadSpec } from './resolved-scenario.js';
import { durationField } from './schema-fields.js';

const DAY_MS = 24 * 3_600_000;

const warmup = () =>
  durationField({ positive: false, description: 'Warm-up before the measured window; its samples are discarded' }).prefault(
    SCENARIO_DEFAULTS.load.warmup,
  );
const duration = () => durationField({ positive: true, maxMs: DAY_MS, description: 'Measured window, after warm-up' });

const constantArrivalRate = z
  .strictObject({
    executor: z.literal('constant-arrival-rate'),
    rate: z
      .number()
      .gt(0)
      .max(100_000)
      .meta({ description: 'Sessions started per second (open model), > 0 and <= 100000.' }),
    duration: duration(),
    warmup: warmup(),
    maxInFlightSessions: z
      .number()
      .int()
      .min(1)
      .meta({ description: 'Sessions alive at once before new starts are dropped (and counted), integer >= 1.' })
      .prefault(SCENARIO_DEFAULTS.load.maxInFlightSessions),
  })
  .transform(
    (l): LoadSpec => ({
      executor: l.executor,
      ratePerSec: l.rate,
      durationMs: l.duration,
      warmupMs: l.warmup,
      maxInFlightSessions: l.maxInFlightSessions,
    }),
  )
  .meta({ description: 'Open model: sessions start on a fixed schedule whatever the latency (wrk2-style).' });

const closedLoop = z
  .strictObject({
    executor: z.literal('closed-loop'),
    clients: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .meta({ description: 'Concurrent clients running sessions back to back, integer 1..10000.' }),
    duration: duration(),
    warmup: warmup(),
  })
  .transform((l): LoadSpec => ({ executor: l.executor, clients: l.clients, durationMs: l.duration, warmupMs: l.warmup }))
  .meta({ description: 'Closed model: N clients, each starting a session when its previous one ends (max throughput).' });

export const loadSchema = z
  .discriminatedUnion('executor', [constantArrivalRate, closedLoop])
  .meta({ description: 'How sessions arrive: `constant-arrival-rate` (open model) or `closed-loop`.' });
