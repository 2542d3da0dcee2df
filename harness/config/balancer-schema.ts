import { z } from 'zod';
import { BALANCER_IMPLEMENTATIONS, DEFAULT_POOL_NAME } from '../balancers/balancer.js';
import { POOL_POLICIES } from '../balancers/pool-assignment.js';
import { SCENARIO_DEFAULTS } from './defaults.js';
import { REFERENCE_TOOL_ARGUMENTS, type ReferenceToolName } from './reference-tools.js';
import type { BalancerChoice, BalancerSettings, MatrixSpec } from './resolved-scenario.js';
import { addHintedIssue, durationField, reportDuplicates } from './schema-fields.js';

const balancerChoice = z.enum(['auto', ...BALANCER_IMPLEMENTATIONS]).meta({
  description: `Balancer implementation: auto (the first available of ${BALANCER_IMPLEMENTATIONS.join(', ')} that can run the policy) or one of them.`,
});

const TOOL_NAMES = Object.keys(REFERENCE_TOOL_ARGUMENTS) as [ReferenceToolName, ...ReferenceToolName[]];

const poolSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/)
      .refine((n) => n !== DEFAULT_POOL_NAME, { message: `"${DEFAULT_POOL_NAME}" is the pool of the remaining replicas` })
      .meta({ description: `Pool name: lowercase letters, digits, - and _ (not "${DEFAULT_POOL_NAME}").` }),
    replicas: z.number().int().min(1).meta({ description: 'Replicas in this pool (taken from r1 on, in the order pools are listed), integer >= 1.' }),
    tools: z.array(z.enum(TOOL_NAMES)).min(1).meta({ description: `Tools whose tools/call requests go to this pool: ${TOOL_NAMES.join(', ')}.` }),
  })
  .meta({ description: 'A group of replicas that gets the calls of some tools (route-by-header, route-by-body).' });

const healthCheckSchema = z
  .union([
    z.enum(['default', 'off']),
    z.strictObject({
      interval: durationField({ positive: true, maxMs: 3_600_000, description: 'Time between two checks of a replica' }),
      fall: z.number().int().min(1).max(100).meta({ description: 'Consecutive failed checks that mark a replica down.' }),
      rise: z.number().int().min(1).max(100).meta({ description: 'Consecutive passed checks that mark it up again.' }),
    }),
  ])
  .transform((h): BalancerSettings['healthCheck'] => (typeof h === 'string' ? h : { intervalMs: h.interval, fall: h.fall, rise: h.rise }))
  .meta({
    description:
      "Active health checks of each replica's /-/healthz (never counted as an MCP request): `default` = what the balancer's documentation gives (HAProxy: every 2s, fall 3, rise 2; nginx: passive max_fails=1 fail_timeout=10s; builtin: none), `off`, or { interval, fall, rise } (HAProxy only: open-source nginx and builtin have no active checks).",
  });

const optionsShape = {
  implementation: balancerChoice.prefault(SCENARIO_DEFAULTS.balancer),
  pools: z
    .array(poolSchema)
    .meta({ description: 'route-by-header / route-by-body: pools of replicas for some tools; the replicas left over form the default pool, which gets every other request. Ignored by other policies.' })
    .prefault(SCENARIO_DEFAULTS.balancerOptions.pools),
  healthCheck: healthCheckSchema.prefault(SCENARIO_DEFAULTS.balancerOptions.healthCheck),
  retries: z
    .union([z.literal('default'), z.number().int().min(0).max(10)])
    .meta({ description: 'Extra connection attempts after a failed connect (never after a request reached a replica): `default` (HAProxy 3, nginx every replica once, builtin 3) or 0..10.' })
    .prefault(SCENARIO_DEFAULTS.balancerOptions.retries),
  redispatch: z
    .union([z.literal('default'), z.boolean()])
    .meta({ description: 'Whether a retry may go to another replica (HAProxy `option redispatch`): `default` (HAProxy no, nginx always, builtin no), true or false.' })
    .prefault(SCENARIO_DEFAULTS.balancerOptions.redispatch),
};

export const balancerSchema = z
  .union([
    balancerChoice,
    z.strictObject(optionsShape).transform((b, ctx): BalancerSettings => {
      reportDuplicates(b.pools.map((p) => p.name), ctx, 'pool name', 'give each pool its own name');
      const owner = new Map<string, number>();
      b.pools.forEach((p, i) =>
        p.tools.forEach((t) => {
          if (owner.has(t)) addHintedIssue(ctx, t, { path: ['pools', i, 'tools'], message: `tool "${t}" is already in pool "${b.pools[owner.get(t)!]!.name}"`, hint: 'a tool goes to one pool' });
          else owner.set(t, i);
        }),
      );
      return { ...b, pools: b.pools.map((p) => ({ name: p.name, replicas: p.replicas, tools: [...p.tools] })) };
    }),
  ])
  .transform((b): BalancerSettings => (typeof b === 'string' ? { implementation: b as BalancerChoice, ...defaultOptions() } : b))
  .meta({ description: 'Balancer in front of the replicas; `balancer: x` is short for `balancer: { implementation: x }` with every other option at its default.' });

function defaultOptions(): Omit<BalancerSettings, 'implementation'> {
  const d = SCENARIO_DEFAULTS.balancerOptions;
  return { pools: [], healthCheck: d.healthCheck, retries: d.retries, redispatch: d.redispatch };
}

type Ctx = Parameters<typeof addHintedIssue>[0];

/**
 * Pools against the matrix: a route-by-* cell needs pools, and at each of its replica counts they must
 * leave at least one replica for the default pool.
 */
export function checkBalancerPools(s: { readonly balancer: BalancerSettings; readonly matrix: MatrixSpec }, ctx: Ctx): void {
  // zod runs this refinement even when a section had problems of its own: then there is nothing to cross-check.
  const parts = s as { readonly balancer?: Partial<BalancerSettings>; readonly matrix?: Partial<MatrixSpec> };
  if (!Array.isArray(parts.matrix?.policies) || !Array.isArray(parts.matrix.replicas) || !Array.isArray(parts.balancer?.pools)) return;
  const routed = s.matrix.policies.filter((p) => POOL_POLICIES.includes(p));
  if (routed.length === 0) return;
  const pools = s.balancer.pools;
  if (pools.length === 0) {
    addHintedIssue(ctx, pools, {
      path: ['balancer', 'pools'],
      message: `policy ${routed.join(', ')} routes tool calls to pools, but balancer.pools is empty`,
      hint: 'add e.g. `balancer: { pools: [{ name: heavy, replicas: 1, tools: [work] }] }`',
    });
    return;
  }
  const wanted = pools.reduce((n, p) => n + p.replicas, 0);
  const counts = s.matrix.replicas.filter((r) => routed.some((policy) => !s.matrix.exclude.some((e) => (e.policy ?? policy) === policy && (e.replicas ?? r) === r && e.model === undefined)));
  const tooFew = counts.filter((r) => r <= wanted);
  if (tooFew.length > 0) {
    addHintedIssue(ctx, pools, {
      path: ['balancer', 'pools'],
      message: `pools take ${wanted} replica(s), leaving none for the default pool at replicas ${tooFew.join(', ')}`,
      hint: `use at least ${wanted + 1} replicas in route-by cells, or fewer pool replicas`,
    });
  }
}
