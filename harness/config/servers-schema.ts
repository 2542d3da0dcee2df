import { z } from 'zod';
import { SCENARIO_DEFAULTS } from './defaults.js';
import type { ProtocolModelName, ServersSpec, UserServerSpec } from './resolved-scenario.js';
import { durationField } from './schema-fields.js';
import { userCommandSchema, userImageSchema, userServerOf } from './user-server-schema.js';

const userKeys = (model: string) => ({
  command: userCommandSchema.optional().meta({ description: `platform process: replicas of your own ${model} server, started by this command instead of the reference server.` }),
  image: userImageSchema.optional().meta({ description: `platform docker: replicas of your own ${model} server, run from this image instead of the reference server.` }),
});

export const serversSchema = z
  .strictObject({
    legacy: z
      .strictObject({
        unknownSessionStatus: z
          .literal([404, 400])
          .meta({ description: 'Status for an unknown Mcp-Session-Id (reference server): 404 (the spec) or 400 (like the v1 SDK example router).' })
          .prefault(SCENARIO_DEFAULTS.servers.legacy.unknownSessionStatus),
        sessionIdleTimeout: durationField({ positive: true, description: 'Sessions idle this long are closed by the (reference server) replica' }).prefault(
          SCENARIO_DEFAULTS.servers.legacy.sessionIdleTimeout,
        ),
        ...userKeys('2025-11-25 (session-based)'),
      })
      .meta({ description: 'The legacy (session-based, 2025-11-25) server: options of the reference server, or your own server.' })
      .prefault({}),
    stateless: z
      .strictObject(userKeys('2026-07-28 (stateless)'))
      .meta({ description: 'The stateless (2026-07-28) server: your own server instead of the reference one.' })
      .prefault({}),
    readinessTimeout: durationField({ positive: true, description: 'Time allowed for each replica and the balancer to become ready' }).prefault(
      SCENARIO_DEFAULTS.servers.readinessTimeout,
    ),
  })
  .transform((s): ServersSpec => {
    const user: Partial<Record<ProtocolModelName, UserServerSpec>> = {};
    const legacy = userServerOf(s.legacy);
    const stateless = userServerOf(s.stateless);
    if (legacy) user.legacy = legacy;
    if (stateless) user.stateless = stateless;
    return {
      legacy: { unknownSessionStatus: s.legacy.unknownSessionStatus, sessionIdleTimeoutMs: s.legacy.sessionIdleTimeout },
      readinessTimeoutMs: s.readinessTimeout,
      ...(legacy || stateless ? { user } : {}),
    };
  })
  .meta({ description: 'The MCP servers run as replicas: the reference servers (with their options), or your own by command or image.' });
