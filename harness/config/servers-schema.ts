import { z } from 'zod';
import { SCENARIO_DEFAULTS } from './defaults.js';
import type { ServersSpec } from './resolved-scenario.js';
import { durationField } from './schema-fields.js';

export const serversSchema = z
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
