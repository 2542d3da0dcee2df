import { z } from 'zod';
import type { FaultSpec } from '../faults/fault-schedule.js';
import { durationField } from './schema-fields.js';

/**
 * Faults on each cell's timeline (offsets from the start of its load, warm-up included). Only the
 * shared store's outage exists today; container faults are available to code (harness/faults).
 */
const storeOutage = z
  .strictObject({
    kind: z.literal('store-outage'),
    at: durationField({ positive: false, description: 'When the outage starts, from the start of the cell’s load (warm-up included)' }),
    duration: durationField({ positive: true, description: 'How long the store stays down' }),
    mode: z
      .enum(['hang', 'refuse'])
      .meta({ description: 'hang: the store stops answering (SIGSTOP) and keeps its data; refuse: it is killed and restarted empty.' })
      .prefault('hang'),
  })
  .transform((f): FaultSpec => ({ kind: f.kind, atMs: f.at, durationMs: f.duration, mode: f.mode }))
  .meta({ description: 'Take the cell’s shared store (Redis; needs matrix.store: redis) down for a while; the failures it causes are counted.' });

export const faultsSchema = z
  .array(z.discriminatedUnion('kind', [storeOutage]))
  .meta({ description: 'Faults injected into every cell, on its load timeline.' })
  .prefault([]);
