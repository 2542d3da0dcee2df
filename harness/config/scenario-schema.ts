import { z } from 'zod';
import { balancerSchema } from './balancer-schema.js';
import { clientSchema } from './client-schema.js';
import { SCENARIO_DEFAULTS } from './defaults.js';
import { loadSchema } from './load-schema.js';
import { matrixSchema } from './matrix-schema.js';
import type { ResolvedScenario } from './resolved-scenario.js';
import { serversSchema } from './servers-schema.js';
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
