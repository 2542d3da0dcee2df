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
import { sizingSchema } from './sizing-schema.js';
import { sloSchema } from './slo-schema.js';
import { MAX_SCENARIO_NAME_CHARS } from '../output/run-id.js';
import { workloadSchema } from './workload-schema.js';

/**
 * The scenario file format. This zod schema is the single source of truth: it validates a document,
 * desugars its shortcuts (one value -> list, `balancer: x` -> object, duration text -> `...Ms`), and is
 * what `scenarios/scenario.schema.json` is generated from (its input side).
 */

export const NAME_PATTERN = /^[a-z0-9][a-z0-9-_]*$/;

export const scenarioSchema = z
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
    workload: workloadSchema.prefault({}),
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
      seed: s.seed,
      slo: s.slo,
      sizing: s.sizing,
    }),
  )
  .meta({ title: 'mcp-lb-bench scenario', description: 'A benchmark run: a matrix of cells, the load, and the workload.' });

export type ScenarioFileInput = z.input<typeof scenarioSchema>;
