import { z } from 'zod';
import type { FaultSpec } from '../faults/fault-spec.js';
import { durationField } from './schema-fields.js';

export { checkFaults, usesSharedStore } from './fault-checks.js';

/**
 * Faults on each cell's timeline (offsets from the start of its load, warm-up included). Each kind is
 * one strict object; cross-checks against the rest of the scenario (timing, targets, platform) are in
 * fault-checks.ts.
 */
const at = durationField({ positive: false, description: 'When the fault starts, from the start of the cell’s load (warm-up included)' });
const replicaId = z.string().regex(/^r[1-9][0-9]{0,2}$/, 'a replica id: r1, r2, ...').meta({ description: 'A replica id: r1 is the first replica, r2 the second, ...' });
const replicas = z
  .union([replicaId, z.array(replicaId).min(1)])
  .transform((v) => (Array.isArray(v) ? v : [v]))
  .meta({ description: 'Which replicas (ids r1, r2, ...; one or a list)' })
  .prefault('r1');
const grace = (what: string) => durationField({ positive: false, description: `How long ${what} may take to finish in-flight requests before it is killed` }).prefault('10s');
const count = z.int().min(1).max(64).prefault(1);

const storeOutage = z
  .strictObject({
    kind: z.literal('store-outage'),
    at,
    duration: durationField({ positive: true, description: 'How long the store stays down' }),
    mode: z
      .enum(['hang', 'refuse'])
      .meta({ description: 'hang: the store stops answering (SIGSTOP) and keeps its data; refuse: it is killed and restarted empty.' })
      .prefault('hang'),
  })
  .transform((f): FaultSpec => ({ kind: f.kind, atMs: f.at, durationMs: f.duration, mode: f.mode }))
  .meta({ description: 'Take the cell’s shared store (Redis; needs matrix.store: redis) down for a while; the failures it causes are counted.' });

const replicaCrash = z
  .strictObject({
    kind: z.literal('replica-crash'),
    at,
    replicas,
    duration: durationField({ positive: true, description: 'Start the crashed replicas again after this long (a crash-looping pod); absent: they stay down' }).optional(),
  })
  .transform((f): FaultSpec => ({ kind: f.kind, atMs: f.at, replicas: f.replicas, restartAfterMs: f.duration }))
  .meta({ description: 'SIGKILL (docker kill) replicas: in-flight requests and the sessions they hold are lost.' });

const replicaRestart = z
  .strictObject({ kind: z.literal('replica-restart'), at, replicas, grace: grace('the replica') })
  .transform((f): FaultSpec => ({ kind: f.kind, atMs: f.at, replicas: f.replicas, graceMs: f.grace }))
  .meta({ description: 'Graceful restart: SIGTERM, in-flight requests finish within grace, then a new incarnation (same id and address).' });

const rollingRestart = z
  .strictObject({
    kind: z.literal('rolling-restart'),
    at,
    grace: grace('each replica'),
    maxUnavailable: z.int().min(1).max(64).prefault(1).meta({ description: 'Replicas restarted at the same time' }),
    interval: durationField({ positive: false, description: 'Pause after a batch is serving again before the next one goes' }).prefault(0),
    drain: durationField({ positive: false, description: 'The balancer drains each replica (no new work) up to this long before it is stopped; 0 = no drain, SIGTERM only (needs balancer runtime control when > 0)' }).prefault(0),
  })
  .transform((f): FaultSpec => ({ kind: f.kind, atMs: f.at, graceMs: f.grace, maxUnavailable: f.maxUnavailable, intervalMs: f.interval, drainMs: f.drain }))
  .meta({ description: 'A deployment: every replica restarted gracefully in turn; each batch waits until its successors pass the balancer’s health check.' });

const scaleOut = z
  .strictObject({ kind: z.literal('scale-out'), at, count: count.meta({ description: 'Replicas to add' }) })
  .transform((f): FaultSpec => ({ kind: f.kind, atMs: f.at, count: f.count }))
  .meta({ description: 'Add replicas under load; the balancer learns them at run time (HAProxy runtime API, nginx reload).' });

const scaleIn = z
  .strictObject({
    kind: z.literal('scale-in'),
    at,
    count: count.meta({ description: 'Replicas to remove (the highest-numbered running ones)' }),
    drain: durationField({ positive: false, description: 'How long the balancer drains a leaving replica before it is stopped' }).prefault('10s'),
    grace: grace('a leaving replica'),
  })
  .transform((f): FaultSpec => ({ kind: f.kind, atMs: f.at, count: f.count, drainMs: f.drain, graceMs: f.grace }))
  .meta({ description: 'Remove replicas under load: drained by the balancer, then stopped gracefully.' });

const balancerReload = z
  .strictObject({ kind: z.literal('balancer-reload'), at })
  .transform((f): FaultSpec => ({ kind: f.kind, atMs: f.at }))
  .meta({ description: 'Reload the balancer’s configuration under load (HAProxy seamless master-worker reload, nginx -s reload).' });

const replicaHang = z
  .strictObject({ kind: z.literal('replica-hang'), at, replicas, duration: durationField({ positive: true, description: 'How long the replicas stay frozen' }) })
  .transform((f): FaultSpec => ({ kind: f.kind, atMs: f.at, replicas: f.replicas, durationMs: f.duration }))
  .meta({ description: 'Freeze replicas (SIGSTOP / docker pause): a GC pause or a stuck event loop.' });

const network = z
  .strictObject({
    kind: z.literal('network'),
    at,
    replicas,
    duration: durationField({ positive: true, description: 'How long the network is impaired' }),
    delay: durationField({ positive: false, maxMs: 60_000, description: 'Added latency per packet' }).prefault(0),
    jitter: durationField({ positive: false, maxMs: 60_000, description: 'Random variation of the added latency' }).prefault(0),
    loss: z.number().min(0).max(100).prefault(0).meta({ description: 'Packets dropped, percent' }),
  })
  .transform((f): FaultSpec => ({ kind: f.kind, atMs: f.at, replicas: f.replicas, durationMs: f.duration, delayMs: f.delay, jitterMs: f.jitter, lossPct: f.loss }))
  .meta({ description: 'Latency and loss on replicas’ network (platform docker: tc netem in the replica’s network namespace; needs root, tc and nsenter on this machine).' });

export const faultsSchema = z
  .array(z.discriminatedUnion('kind', [storeOutage, replicaCrash, replicaRestart, rollingRestart, scaleOut, scaleIn, balancerReload, replicaHang, network]))
  .meta({ description: 'Faults injected into every cell, on its load timeline.' })
  .prefault([]);
