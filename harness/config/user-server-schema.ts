import { z } from 'zod';
import { PROTOCOL_MODELS, type MatrixSpec, type PlatformName, type ServersSpec, type UserServerCommand, type UserServerImage, type UserServerSpec } from './resolved-scenario.js';
import { addHintedIssue } from './schema-fields.js';

/**
 * `servers.<model>.command` and `servers.<model>.image`: replicas of your own MCP server instead of the
 * harness's reference servers. `{port}` (the port the replica must listen on) and `{id}` (its replica
 * id, r1..rN) are replaced in argv, command and environment values. Your server needs no harness
 * contract: readiness is an MCP probe, and the balancer attributes and counts its answers.
 */

export const PORT_PLACEHOLDER = '{port}';
export const ID_PLACEHOLDER = '{id}';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const envSchema = (where: string) =>
  z
    .record(z.string().regex(ENV_NAME).meta({ description: 'An environment variable name (letters, digits, _).' }), z.union([z.string(), z.number()]))
    .transform((env): Record<string, string> => Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])))
    .meta({ description: `Environment variables added to ${where}; ${PORT_PLACEHOLDER} and ${ID_PLACEHOLDER} in a value are replaced.` })
    .prefault({});

const argList = (description: string) => z.array(z.string().min(1)).meta({ description });

export const userCommandSchema = z
  .strictObject({
    argv: argList(`Program and arguments of one replica, e.g. [node, server.js, --port, "${PORT_PLACEHOLDER}"]; ${PORT_PLACEHOLDER} and ${ID_PLACEHOLDER} are replaced.`).min(1),
    env: envSchema('the harness’s own environment'),
    cwd: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'Working directory of the replica; relative to the scenario file’s folder (default: that folder).' }),
  })
  .superRefine((c, ctx) => {
    // The harness picks each replica's port; a server that does not get it listens somewhere else.
    if (!c.argv.some((a) => a.includes(PORT_PLACEHOLDER)) && !Object.values(c.env).some((v) => v.includes(PORT_PLACEHOLDER))) {
      addHintedIssue(ctx, c, {
        message: `the replica's port is not passed to your server: no ${PORT_PLACEHOLDER} in argv or env`,
        hint: `the harness picks a free port per replica: add e.g. env: { PORT: "${PORT_PLACEHOLDER}" } or "--port", "${PORT_PLACEHOLDER}" to argv`,
      });
    }
  })
  .transform((c): UserServerCommand => ({ argv: c.argv, env: c.env, cwd: c.cwd }))
  .meta({ description: 'platform process: how to start one replica of your server (a child process on 127.0.0.1).' });

export const userImageSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9][a-zA-Z0-9._/:@-]*$/)
      .meta({ description: 'The image (name[:tag] or name@digest).' }),
    command: argList(`Container command (replaces the image’s CMD); ${PORT_PLACEHOLDER} and ${ID_PLACEHOLDER} are replaced. Default: the image’s own.`).optional(),
    env: envSchema('the container'),
    port: z.number().int().min(1).max(65535).meta({ description: 'The port your server listens on inside the container (the balancer connects to it on the cell’s network).' }),
  })
  .transform((i): UserServerImage => ({ name: i.name, command: i.command, env: i.env, port: i.port }))
  .meta({ description: 'platform docker: the image one replica of your server runs.' });

/** The user-server keys of one model's `servers.<model>` section, resolved (undefined when neither is given). */
export function userServerOf(section: { readonly command?: UserServerCommand | undefined; readonly image?: UserServerImage | undefined }): UserServerSpec | undefined {
  if (section.command === undefined && section.image === undefined) return undefined;
  return { command: section.command, image: section.image };
}

type Ctx = Parameters<typeof addHintedIssue>[0];

interface CheckedScenario {
  readonly platform: PlatformName;
  readonly servers: ServersSpec;
  readonly matrix: Pick<MatrixSpec, 'models' | 'flows' | 'stores'>;
}

/**
 * Your server replaces the reference server for every cell of its model, so a run measures one server
 * family: every model of the matrix needs one, the platform its way of starting it (command or image),
 * and the reference server's own features (shared stores, handles, Tasks) are not asked of it.
 */
export function checkUserServers(s: CheckedScenario, ctx: Ctx): void {
  const user = s.servers.user;
  if (user === undefined) return;
  const given = PROTOCOL_MODELS.filter((m) => user[m] !== undefined);
  for (const model of given) {
    const spec = user[model] as UserServerSpec;
    const at = ['servers', model];
    if (!s.matrix.models.includes(model)) {
      addHintedIssue(ctx, spec, { path: at, message: `your ${model} server is given but matrix.model has no ${model}`, hint: `add ${model} to matrix.model, or remove servers.${model}.command / .image` });
      continue;
    }
    if (s.platform === 'external') {
      addHintedIssue(ctx, spec, { path: at, message: 'platform external starts no replicas: servers.<model>.command and .image are not used', hint: 'remove them (the deployment at target.url is what runs), or use platform process or docker' });
    } else if (s.platform === 'process' && spec.command === undefined) {
      addHintedIssue(ctx, spec, { path: [...at, 'command'], message: `platform process starts replicas by command, but servers.${model} has only an image`, hint: `add servers.${model}.command (argv, env, cwd), or run with --platform docker` });
    } else if (s.platform === 'docker' && spec.image === undefined) {
      addHintedIssue(ctx, spec, { path: [...at, 'image'], message: `platform docker runs replicas from an image, but servers.${model} has only a command`, hint: `add servers.${model}.image (name, port, env), or run with --platform process` });
    }
  }
  for (const model of s.matrix.models) {
    if (user[model] === undefined) {
      addHintedIssue(ctx, s.matrix.models, {
        path: ['matrix', 'model'],
        message: `model ${model} would run the reference server next to your ${given.join(' and ')} server`,
        hint: `give servers.${model}.command / .image too, or leave ${model} out of matrix.model (a run measures one server family)`,
      });
    }
  }
  const flows = s.matrix.flows.filter((f) => f !== 'tools');
  if (flows.length > 0) {
    addHintedIssue(ctx, s.matrix.flows, { path: ['matrix', 'flow'], message: `flow ${flows.join(', ')} needs the reference server's tools (explicit handles, Tasks)`, hint: 'with your own server use flow: tools (its own tools, in workload.tools)' });
  }
  const stores = s.matrix.stores.filter((st) => st !== 'memory');
  if (stores.length > 0) {
    addHintedIssue(ctx, s.matrix.stores, { path: ['matrix', 'store'], message: `store ${stores.join(', ')} is an option of the reference server`, hint: 'with your own server use store: memory (where your server keeps state is its own business)' });
  }
}
