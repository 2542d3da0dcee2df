import { z } from 'zod';
import { BALANCER_POLICIES, type BalancerPolicy } from '../balancers/balancer.js';
import { SCENARIO_DEFAULTS } from './defaults.js';
import { PROTOCOL_MODELS, type MatrixExclusion, type MatrixSpec, type ProtocolModelName } from './resolved-scenario.js';
import { addHintedIssue, oneOrMany, reportDuplicates } from './schema-fields.js';

/**
 * The run's matrix: protocol models x balancer policies x replica counts, minus exclusions.
 * Exclusions are checked against the matrix they prune: one that matches no cell is a typo or a stale
 * line, and one set that removes every cell leaves nothing to run; both are errors, not no-ops.
 */

const modelSchema = z.enum(PROTOCOL_MODELS as [ProtocolModelName, ...ProtocolModelName[]]);
const policySchema = z.enum(BALANCER_POLICIES);
export const MAX_REPLICAS = 16;
const replicasSchema = z.number().int().min(1).max(MAX_REPLICAS).meta({ description: `Replica count, an integer 1..${MAX_REPLICAS}.` });

const exclusionSchema = z
  .strictObject({
    model: modelSchema.optional(),
    policy: policySchema.optional(),
    replicas: replicasSchema.optional(),
  })
  .meta({ description: 'A partial cell: every cell matching all of the given keys is left out of the run.' });

const DIMENSIONS = ['model', 'policy', 'replicas'] as const;

function matchesCell(exclusion: MatrixExclusion, model: ProtocolModelName, policy: BalancerPolicy, replicas: number): boolean {
  return (
    (exclusion.model === undefined || exclusion.model === model) &&
    (exclusion.policy === undefined || exclusion.policy === policy) &&
    (exclusion.replicas === undefined || exclusion.replicas === replicas)
  );
}

function describeMatrix(spec: Omit<MatrixSpec, 'exclude'>): string {
  return `the matrix has model: ${spec.models.join(', ')}; policy: ${spec.policies.join(', ')}; replicas: ${spec.replicas.join(', ')}`;
}

type Ctx = Parameters<typeof addHintedIssue>[0];

function checkExclusions(spec: MatrixSpec, ctx: Ctx): void {
  const cells = spec.models.flatMap((m) => spec.policies.flatMap((p) => spec.replicas.map((r) => [m, p, r] as const)));
  let anyEmpty = false;
  spec.exclude.forEach((exclusion, index) => {
    const path = ['exclude', index];
    if (DIMENSIONS.every((key) => exclusion[key] === undefined)) {
      anyEmpty = true;
      const hint = `give at least one of ${DIMENSIONS.join(', ')}`;
      addHintedIssue(ctx, exclusion, { path, message: 'empty exclusion would exclude every cell', hint });
    } else if (!cells.some(([m, p, r]) => matchesCell(exclusion, m, p, r))) {
      const hint = `${describeMatrix(spec)}; remove the exclusion or fix its values`;
      addHintedIssue(ctx, exclusion, { path, message: 'exclusion matches no cell', hint });
    }
  });
  const left = cells.filter(([m, p, r]) => !spec.exclude.some((e) => matchesCell(e, m, p, r)));
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
      exclude: m.exclude.map((e) => ({ ...e })),
    };
    checkExclusions(spec, ctx);
    return spec;
  })
  .meta({ description: 'Cells of the run: every model x policy x replicas combination, minus exclusions.' });
