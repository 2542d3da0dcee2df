import { z } from 'zod';
import { SCENARIO_DEFAULTS } from './defaults.js';
import { CLIENT_PROFILES, type ClientProfileName, type ClientSpec } from './resolved-scenario.js';
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
    profile: z
      .enum(CLIENT_PROFILES as [ClientProfileName, ...ClientProfileName[]])
      .optional()
      .meta({
        description:
          'How clients behave where the spec and the official TypeScript SDK clients differ. spec (default): re-initialize a lost session, wait for the GET stream, DELETE at the end. sdk: as the SDK clients do: no re-initialize after a 404 (the call fails, the session id is kept), the GET stream opened without waiting, close() without DELETE, one server/discover per 2026-07-28 connect. matrix.profile runs both.',
      }),
    lostSessionStatus: z
      .number()
      .int()
      .min(400)
      .max(599)
      .optional()
      .meta({
        description:
          'HTTP status that means "session lost" on this target (404 always does): overrides what the preflight measured with an unknown session id, e.g. 400 for servers built on the v1 SDK example router.',
      }),
  })
  .transform(
    (c): ClientSpec => ({
      timeoutMs: c.timeout,
      maxConnections: c.maxConnections,
      cookies: c.cookies,
      sourceAddresses: c.sourceAddresses,
      ...(c.profile !== undefined ? { profile: c.profile } : {}),
      ...(c.lostSessionStatus !== undefined ? { lostSessionStatus: c.lostSessionStatus } : {}),
    }),
  )
  .meta({ description: 'The load generator’s HTTP client.' });
