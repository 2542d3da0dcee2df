import { z } from 'zod';
import { BALANCER_POLICIES, type BalancerPolicy } from '../balancers/balancer.js';
import { SCENARIO_DEFAULTS } from './defaults.js';
import { CLIENT_PROFILES, FLOWS, PROTOCOL_MODELS, STORES, type ClientProfileName, type FlowName, type MatrixExclusion, type MatrixSpec, type ProtocolModelName, type StoreName } from './resolved-scenario.js';
import { addHintedIssue, oneOrMany, reportDuplicates } from './schema-fields.js';
import { crossProduct, describeMatrix, MATRIX_DIMENSIONS as DIMENSIONS, matchesCell } from './matrix-dimensions.js';

/**
 * The run's matrix: protocol models x balancer policies x replica counts, minus exclusions.
 * Exclusions are checked against the matrix they prune: one that matches no cell is a typo or a stale
 * line, and one set that removes every cell leaves nothing to run; both are errors, not no-ops.
 */

const modelSchema = z.enum(PROTOCOL_MODELS as [ProtocolModelName, ...ProtocolModelName[]]);
const policySchema = z.enum(BALANCER_POLICIES);
export const MAX_REPLICAS = 16;
const replicasSchema = z.number().int().min(1).max(MAX_REPLICAS).meta({ description: `Replica count, an integer 1..${MAX_REPLICAS}.` });
const flowSchema = z.enum(FLOWS as [FlowName, ...FlowName[]]);
const storeSchema = z.enum(STORES as [StoreName, ...StoreName[]]);
const profileSchema = z.enum(CLIENT_PROFILES as [ClientProfileName, ...ClientProfileName[]]);

export const exclusionSchema = z
  .strictObject({
    model: modelSchema.optional(),
    policy: policySchema.optional(),
    replicas: replicasSchema.optional(),
    flow: flowSchema.optional(),
    store: storeSchema.optional(),
    profile: profileSchema.optional(),
  })
  .meta({ description: 'A partial cell: every cell matching all of the given keys is left out of the run.' });

export { crossProduct, matchesCell, type MatrixCell } from './matrix-dimensions.js';

type Ctx = Parameters<typeof addHintedIssue>[0];

function checkExclusions(spec: MatrixSpec, ctx: Ctx): void {
  const cells = crossProduct(spec);
  let anyEmpty = false;
  spec.exclude.forEach((exclusion, index) => {
    const path = ['exclude', index];
    if (DIMENSIONS.every((key) => exclusion[key] === undefined)) {
      anyEmpty = true;
      const hint = `give at least one of ${DIMENSIONS.join(', ')}`;
      addHintedIssue(ctx, exclusion, { path, message: 'empty exclusion would exclude every cell', hint });
    } else if (!cells.some((c) => matchesCell(exclusion, c))) {
      const hint = `${describeMatrix(spec)}; remove the exclusion or fix its values`;
      addHintedIssue(ctx, exclusion, { path, message: 'exclusion matches no cell', hint });
    }
  });
  const left = cells.filter((c) => !spec.exclude.some((e) => matchesCell(e, c)));
  // Explicit handles and Tasks are 2026-07-28 features: a legacy cell with those flows cannot run.
  const impossible = new Set(left.filter((c) => c.model === 'legacy' && c.flow !== 'tools').map((c) => c.flow));
  for (const flow of impossible) {
    addHintedIssue(ctx, spec.flows, {
      path: ['flow'],
      message: `flow "${flow}" cannot run with model legacy (explicit handles and Tasks belong to the 2026-07-28 stateless model)`,
      hint: `exclude those cells: exclude: [{ model: legacy, flow: ${flow} }]`,
    });
  }
  // An empty exclusion already explains why nothing is left; saying it twice would bury the cause.
  if (!anyEmpty && left.length === 0) {
    addHintedIssue(ctx, spec.exclude, {
      path: ['exclude'],
      message: `the exclusions leave no cell to run (all ${cells.length} excluded)`,
      hint: 'remove an exclusion or add values to the matrix',
    });
  }
}

export const matrixSchema = z
  .strictObject({
    model: oneOrMany(modelSchema, 'model', `Protocol model(s): ${PROTOCOL_MODELS.join(' | ')}; one value or a list.`),
    policy: oneOrMany(policySchema, 'policy', `Balancer policy (or policies): ${BALANCER_POLICIES.join(' | ')}; one value or a list.`),
    replicas: oneOrMany(replicasSchema, 'replica count', `Replica count(s) behind the balancer, integers 1..${MAX_REPLICAS}; one value or a list.`),
    flow: oneOrMany(
      flowSchema,
      'flow',
      'What sessions do: tools (tool calls from the workload mix), basket (explicit handles: create_basket, add_item × callsPerSession, checkout; stateless only), tasks (long-running jobs as Tasks, polled to the end; stateless only). One value or a list.',
    ).prefault(['tools']),
    store: oneOrMany(
      storeSchema,
      'store',
      'Where replicas keep state (legacy sessions, handles, tasks): memory (each replica its own) or redis (one shared Redis the run starts). One value or a list.',
    ).prefault(['memory']),
    profile: oneOrMany(
      profileSchema,
      'profile',
      'Client profiles as a matrix dimension (sdk: as the official TypeScript SDK clients behave; spec: as the specification says; see client.profile). Absent: every cell uses client.profile and cell ids carry no profile.',
    ).optional(),
    exclude: z
      .array(exclusionSchema)
      .transform((list, ctx) => {
        reportDuplicates(list, ctx, 'exclusion', 'list each exclusion once');
        return list;
      })
      .meta({ description: 'Cells to leave out; each entry must match at least one cell, and at least one cell must remain.' })
      .prefault(SCENARIO_DEFAULTS.matrix.exclude),
  })
  .transform((m, ctx): MatrixSpec => {
    const spec: MatrixSpec = {
      models: m.model,
      policies: m.policy,
      replicas: m.replicas,
      flows: m.flow,
      stores: m.store,
      ...(m.profile !== undefined ? { profiles: m.profile } : {}),
      exclude: m.exclude.map((e) => ({ ...e })),
    };
    checkExclusions(spec, ctx);
    return spec;
  })
  .meta({ description: 'Cells of the run: every model x policy x replicas x flow x store combination, minus exclusions.' });
