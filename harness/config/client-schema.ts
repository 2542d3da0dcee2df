import { z } from 'zod';
import { SCENARIO_DEFAULTS } from './defaults.js';
import type { ClientSpec } from './resolved-scenario.js';
import { durationField } from './schema-fields.js';

export const clientSchema = z
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
    cookies: z
      .boolean()
      .meta({ description: 'Keep cookies per session (as browsers and most HTTP stacks do); false = a cookie-less client that never sends them back.' })
      .prefault(SCENARIO_DEFAULTS.client.cookies),
    sourceAddresses: z
      .number()
      .int()
      .min(1)
      .max(250)
      .meta({
        description:
          'Local source addresses sessions are spread over: 1 = every connection from 127.0.0.1; N > 1 = session i connects from 127.0.0.(2 + i mod N), so client-IP affinity sees N clients.',
      })
      .prefault(SCENARIO_DEFAULTS.client.sourceAddresses),
  })
  .transform((c): ClientSpec => ({ timeoutMs: c.timeout, maxConnections: c.maxConnections, cookies: c.cookies, sourceAddresses: c.sourceAddresses }))
  .meta({ description: 'The load generator’s HTTP client.' });
