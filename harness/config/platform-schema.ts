import { z } from 'zod';
import type { ExternalTargetSpec, PlatformName } from './resolved-scenario.js';
import { checkLoopbackUrl, LOOPBACK_HINT } from './loopback-url.js';
import { addHintedIssue } from './schema-fields.js';

/**
 * Where a topology runs (`platform`), and for `external` the deployment to drive (`target`). The two are
 * checked together: external needs a target, and a target on another platform would be ignored, which
 * the format never does silently.
 */
export const PLATFORM_NAMES = ['process', 'docker', 'external'] as const satisfies readonly PlatformName[];

export const platformSchema = z.enum(PLATFORM_NAMES).meta({
  description:
    'Where replicas and balancer run: `process` (child processes on 127.0.0.1), `docker` (containers on a private network per cell, ports published on 127.0.0.1; see `images`), or `external` (a deployment already running, see `target`).',
});

const loopbackUrl = (what: string) =>
  z
    .string()
    .superRefine((text, ctx) => {
      const check = checkLoopbackUrl(text);
      if (!check.ok) addHintedIssue(ctx, text, { message: check.message, hint: LOOPBACK_HINT });
    })
    .transform((text) => text.replace(/\/+$/, ''))
    .meta({ description: `${what}: an http(s) URL on this machine (127.0.0.1, ::1 or localhost).`, format: 'uri' });

const replicaIdSchema = z.string().regex(/^[\x21-\x7e]{1,128}$/).meta({ description: 'The replica id its responses carry in X-Replica-Id (e.g. r1).' });

export const targetSchema = z
  .strictObject({
    url: loopbackUrl('Base URL of the deployed balancer (the harness sends MCP requests to <url>/mcp)'),
    replicas: z
      .array(z.strictObject({ id: replicaIdSchema, statsUrl: loopbackUrl("The replica's stats endpoint (GET returns its own counts, like /-/stats)") }))
      .meta({ description: "The deployment's replicas and their stats endpoints, so the client's counts are reconciled with theirs; empty = no reconciliation." })
      .prefault([]),
  })
  .transform((t): ExternalTargetSpec => ({ url: t.url, replicas: t.replicas }))
  .meta({ description: 'platform external only: the deployment to drive.' });

type Ctx = Parameters<typeof addHintedIssue>[0];

export function checkPlatformTarget(
  s: { readonly platform: PlatformName; readonly target?: unknown; readonly balancer: { readonly implementation: string } },
  ctx: Ctx,
): void {
  // External: the harness cannot probe what balancer a deployment runs, so the scenario says it (for the results).
  if (s.platform === 'external' && s.balancer.implementation === 'auto') {
    addHintedIssue(ctx, 'auto', { path: ['balancer'], message: 'platform external needs the deployed balancer named (auto picks nothing here)', hint: 'set `balancer:` to what the deployment runs: haproxy, nginx or builtin' });
  }
  if (s.platform === 'external' && s.target === undefined) {
    addHintedIssue(ctx, undefined, { path: ['target'], message: 'platform external needs a target', hint: 'add `target: { url: http://127.0.0.1:<port> }` (the deployed balancer)' });
  }
  if (s.platform !== 'external' && s.target !== undefined) {
    addHintedIssue(ctx, s.target, { path: ['target'], message: `target is only used by platform external (platform is ${s.platform})`, hint: 'remove `target`, or set `platform: external`' });
  }
}
