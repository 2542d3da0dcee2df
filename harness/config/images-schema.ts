import { z } from 'zod';
import { SCENARIO_DEFAULTS } from './defaults.js';
import type { ImagesSpec } from './resolved-scenario.js';

/**
 * Images for platform docker. The defaults are what `mcp-lb-bench images build [--offline]` tags; a
 * user points `replica` at their own server image (it must accept replica-main's arguments and serve
 * /-/healthz and /-/stats, as the reference image does) or a balancer at an official image.
 */
const imageName = (what: string, fallback: string) =>
  z
    .string()
    .regex(/^[a-z0-9][a-zA-Z0-9._/:@-]*$/)
    .meta({ description: `${what} image (name[:tag] or name@digest).` })
    .prefault(fallback);

export const imagesSchema = z
  .strictObject({
    replica: imageName('Replica (reference MCP server, or your own server built the same way)', SCENARIO_DEFAULTS.images.replica),
    haproxy: imageName('HAProxy balancer', SCENARIO_DEFAULTS.images.haproxy),
    nginx: imageName('nginx balancer', SCENARIO_DEFAULTS.images.nginx),
    redis: imageName('Redis store', SCENARIO_DEFAULTS.images.redis),
  })
  .transform((i): ImagesSpec => ({ replica: i.replica, haproxy: i.haproxy, nginx: i.nginx, redis: i.redis }))
  .meta({ description: 'Container images used by platform docker.' });
