import { z } from 'zod';
import { balancerSchema, checkBalancerPools } from './balancer-schema.js';
import { clientSchema } from './client-schema.js';
import { checkFaults, faultsSchema } from './faults-schema.js';
import { imagesSchema } from './images-schema.js';
import { SCENARIO_DEFAULTS } from './defaults.js';
import { loadSchema } from './load-schema.js';
import { matrixSchema } from './matrix-schema.js';
import { checkPlatformTarget, platformSchema, targetSchema } from './platform-schema.js';
import type { ResolvedScenario } from './resolved-scenario.js';
import { serversSchema } from './servers-schema.js';
import { MAX_SCENARIO_NAME_CHARS } from './scenario-name.js';
import { checkUserServers } from './user-server-schema.js';
import { checkThresholdScopes, thresholdsSchema } from './thresholds-schema.js';
import { referenceToolSchema, userToolSchema, workloadSchemaFor } from './workload-schema.js';
import { sizingSchema } from './sizing-schema.js';
import { sloSchema } from './slo-schema.js';

/**
 * The scenario file format. This zod schema is the single source of truth: it validates a document,
 * desugars its shortcuts (one value -> list, `balancer: x` -> object, duration text -> `...Ms`), and is
 * what `scenarios/scenario.schema.json` is generated from (its input side).
 */

export const NAME_PATTERN = /^[a-z0-9][a-z0-9-_]*$/;

/** The scenario schema with tool entries for the reference servers, or for your own server (any tool). */
function buildScenarioSchema(tools: typeof referenceToolSchema | typeof userToolSchema) {
  return z
  .strictObject({
    $schema: z.string().optional().meta({ description: 'JSON Schema reference for editors; ignored by the harness.' }),
    name: z
      .string()
      .regex(NAME_PATTERN)
      .max(MAX_SCENARIO_NAME_CHARS)
      .meta({ description: `Scenario name: lowercase letters, digits, - and _, starting with a letter or digit, at most ${MAX_SCENARIO_NAME_CHARS} characters (run ids and folders are named after it).` }),
    description: z.string().meta({ description: 'Free text shown in reports.' }).prefault(SCENARIO_DEFAULTS.description),
    platform: platformSchema.prefault(SCENARIO_DEFAULTS.platform),
    images: imagesSchema.prefault({}),
    target: targetSchema.optional(),
    balancer: balancerSchema.prefault(SCENARIO_DEFAULTS.balancer),
    matrix: matrixSchema,
    load: loadSchema,
    workload: workloadSchemaFor(tools).prefault({}),
    client: clientSchema.prefault({}),
    generator: z
      .strictObject({
        workers: z
          .number()
          .int()
          .min(0)
          .max(64)
          .meta({ description: 'Worker threads generating load; 0 = in the main thread. Use more only when one core cannot keep up (the cell is then marked generator_saturated).' })
          .prefault(SCENARIO_DEFAULTS.generator.workers),
      })
      .meta({ description: 'The load generator itself.' })
      .prefault({}),
    servers: serversSchema.prefault({}),
    faults: faultsSchema,
    thresholds: thresholdsSchema,
    seed: z
      .number()
      .int()
      .min(0)
      .meta({ description: 'Seed for every random choice (the tool mix), so a run can be replayed; integer >= 0.' })
      .prefault(SCENARIO_DEFAULTS.seed),
    slo: sloSchema.optional(),
    sizing: sizingSchema.optional(),
  })
  .superRefine(checkPlatformTarget)
  .superRefine(checkBalancerPools)
  .superRefine(checkFaults)
  .superRefine(checkUserServers)
  .superRefine(checkThresholdScopes)
  .transform(
    (s): Omit<ResolvedScenario, 'sourceFile'> => ({
      name: s.name,
      description: s.description,
      platform: s.platform,
      images: s.images,
      target: s.target,
      balancer: s.balancer,
      matrix: s.matrix,
      load: s.load,
      workload: s.workload,
      client: s.client,
      generator: s.generator,
      servers: s.servers,
      faults: s.faults,
      thresholds: s.thresholds,
      seed: s.seed,
      slo: s.slo,
      sizing: s.sizing,
    }),
  )
  .meta({ title: 'mcp-lb-bench scenario', description: 'A benchmark run: a matrix of cells, the load, and the workload.' });
}

/** Scenarios of the reference servers: their tools and arguments are checked here, field by field. */
export const scenarioSchema = buildScenarioSchema(referenceToolSchema);
/**
 * Scenarios of your own server (`servers.<model>.command` / `.image`): any tool with JSON arguments,
 * checked against the server's own tools/list before the run. Also what editors get (the whole format).
 */
export const userServerScenarioSchema = buildScenarioSchema(userToolSchema);

/**
 * Whether a (merged, not yet validated) document targets a server that is not the reference server:
 * your own for some model, or an external deployment (whatever runs there lists its own tools).
 */
export function namesUserServer(document: unknown): boolean {
  if (isRecord(document) && document['platform'] === 'external') return true;
  const servers = isRecord(document) ? document['servers'] : undefined;
  if (!isRecord(servers)) return false;
  return ['legacy', 'stateless'].some((m) => {
    const section = servers[m];
    return isRecord(section) && (section['command'] !== undefined || section['image'] !== undefined);
  });
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export type ScenarioFileInput = z.input<typeof scenarioSchema>;
