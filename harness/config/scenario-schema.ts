import { z } from 'zod';
import { BALANCER_IMPLEMENTATIONS } from '../balancers/balancer.js';
import { SCENARIO_DEFAULTS } from './defaults.js';
import { matrixSchema } from './matrix-schema.js';
import type { BalancerChoice, ClientSpec, LoadSpec, ResolvedScenario, ServersSpec } from './resolved-scenario.js';
import { durationField } from './schema-fields.js';
import { workloadSchema } from './workload-schema.js';

/**
 * The scenario file format. This zod schema is the single source of truth: it validates a document,
 * desugars its shortcuts (one value -> list, `balancer: x` -> object, duration text -> `...Ms`), and is
 * what `scenarios/scenario.schema.json` is generated from (its input side).
 */

const DAY_MS = 24 * 3_600_000;
export const NAME_PATTERN = /^[a-z0-9][a-z0-9-_]*$/;

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

const loadSchema = z
  .discriminatedUnion('executor', [constantArrivalRate, closedLoop])
  .meta({ description: 'How sessions arrive: `constant-arrival-rate` (open model) or `closed-loop`.' });

const balancerChoice = z.enum(['auto', ...BALANCER_IMPLEMENTATIONS]).meta({
  description: `Balancer implementation: auto (the first available of ${BALANCER_IMPLEMENTATIONS.join(', ')}) or one of them.`,
});
const balancerSchema = z
  .union([balancerChoice, z.strictObject({ implementation: balancerChoice })])
  .transform((b): { implementation: BalancerChoice } => ({ implementation: typeof b === 'string' ? b : b.implementation }))
  .meta({ description: 'Balancer in front of the replicas; `balancer: x` is short for `balancer: { implementation: x }`.' });

const clientSchema = z
  .strictObject({
    timeout: durationField({ positive: true, description: 'A request with no complete answer within this time counts as a timeout' }).prefault(
      SCENARIO_DEFAULTS.client.timeout,
    ),
    maxConnections: z
      .number()
      .int()
      .min(1)
      .meta({ description: 'Most keep-alive connections the generator opens to the balancer, integer >= 1.' })
      .prefault(SCENARIO_DEFAULTS.client.maxConnections),
  })
  .transform((c): ClientSpec => ({ timeoutMs: c.timeout, maxConnections: c.maxConnections }))
  .meta({ description: 'The load generator’s HTTP client.' });

const serversSchema = z
  .strictObject({
    legacy: z
      .strictObject({
        unknownSessionStatus: z
          .literal([404, 400])
          .meta({ description: 'Status for an unknown Mcp-Session-Id: 404 (the spec) or 400 (like the v1 SDK example router).' })
          .prefault(SCENARIO_DEFAULTS.servers.legacy.unknownSessionStatus),
        sessionIdleTimeout: durationField({ positive: true, description: 'Sessions idle this long are closed by the replica' }).prefault(
          SCENARIO_DEFAULTS.servers.legacy.sessionIdleTimeout,
        ),
      })
      .meta({ description: 'Options of the legacy (session-based) reference server.' })
      .prefault({}),
    readinessTimeout: durationField({ positive: true, description: 'Time allowed for each replica and the balancer to become ready' }).prefault(
      SCENARIO_DEFAULTS.servers.readinessTimeout,
    ),
  })
  .transform(
    (s): ServersSpec => ({
      legacy: { unknownSessionStatus: s.legacy.unknownSessionStatus, sessionIdleTimeoutMs: s.legacy.sessionIdleTimeout },
      readinessTimeoutMs: s.readinessTimeout,
    }),
  )
  .meta({ description: 'Reference MCP servers run as replicas.' });

export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: 'JSON Schema reference for editors; ignored by the harness.' }),
    name: z
      .string()
      .regex(NAME_PATTERN)
      .meta({ description: 'Scenario name: lowercase letters, digits, - and _, starting with a letter or digit.' }),
    description: z.string().meta({ description: 'Free text shown in reports.' }).prefault(SCENARIO_DEFAULTS.description),
    platform: z
      .enum(['process'])
      .meta({ description: 'Where replicas and balancer run; only `process` (child processes on 127.0.0.1) for now.' })
      .prefault(SCENARIO_DEFAULTS.platform),
    balancer: balancerSchema.prefault(SCENARIO_DEFAULTS.balancer),
    matrix: matrixSchema,
    load: loadSchema,
    workload: workloadSchema.prefault({}),
    client: clientSchema.prefault({}),
    servers: serversSchema.prefault({}),
    seed: z
      .number()
      .int()
      .min(0)
      .meta({ description: 'Seed for every random choice (the tool mix), so a run can be replayed; integer >= 0.' })
      .prefault(SCENARIO_DEFAULTS.seed),
  })
  .transform(
    (s): Omit<ResolvedScenario, 'sourceFile'> => ({
      name: s.name,
      description: s.description,
      platform: s.platform,
      balancer: s.balancer,
      matrix: s.matrix,
      load: s.load,
      workload: s.workload,
      client: s.client,
      servers: s.servers,
      seed: s.seed,
    }),
  )
  .meta({ title: 'mcp-lb-bench scenario', description: 'A benchmark run: a matrix of cells, the load, and the workload.' });

export type ScenarioFileInput = z.input<typeof scenarioSchema>;
