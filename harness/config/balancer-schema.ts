import { z } from 'zod';
import { BALANCER_IMPLEMENTATIONS } from '../balancers/balancer.js';
import type { BalancerChoice } from './resolved-scenario.js';

const balancerChoice = z.enum(['auto', ...BALANCER_IMPLEMENTATIONS]).meta({
  description: `Balancer implementation: auto (the first available of ${BALANCER_IMPLEMENTATIONS.join(', ')}) or one of them.`,
});
export const balancerSchema = z
  .union([balancerChoice, z.strictObject({ implementation: balancerChoice })])
  .transform((b): { implementation: BalancerChoice } => ({ implementation: typeof b === 'string' ? b : b.implementation }))
  .meta({ description: 'Balancer in front of the replicas; `balancer: x` is short for `balancer: { implementation: x }`.' });
