import { z } from 'zod';
import { SCENARIO_DEFAULTS } from './defaults.js';
import { REFERENCE_TOOL_ARGUMENTS, referenceToolDescription, type ReferenceToolName } from './reference-tools.js';
import type { ArgumentsSource, ToolMixEntry, WorkloadSpec } from './resolved-scenario.js';
import { addHintedIssue, durationField, reportDuplicates } from './schema-fields.js';

/** What each logical client session does: how many calls, which tools in which mix, with what pauses. */

const DEFAULTS = SCENARIO_DEFAULTS.workload;

const weightSchema = z
  .number()
  .gt(0)
  .meta({ description: 'Relative weight of this tool in the mix (> 0); weights need not sum to anything.' })
  .prefault(DEFAULTS.toolWeight);

function toolEntry<N extends ReferenceToolName>(name: N) {
  return z
    .strictObject({
      name: z.literal(name),
      weight: weightSchema,
      arguments: REFERENCE_TOOL_ARGUMENTS[name],
    })
    .meta({ description: referenceToolDescription(name) });
}

/** The reference servers' tools, with their own argument schemas (checked here, before anything runs). */
export const referenceToolSchema = z
  .discriminatedUnion('name', [toolEntry('echo'), toolEntry('work'), toolEntry('sleep')])
  .transform((t): ToolMixEntry => ({ name: t.name, weight: t.weight, arguments: { ...t.arguments } }));

/**
 * Any tool of your own server, with JSON arguments. Whether the tool exists and its arguments fit its
 * inputSchema is checked against the server itself before the first cell (run/server-preflight.ts).
 */
const argumentSet = z.record(z.string(), z.unknown()).meta({ description: 'One set of arguments (a JSON object).' });
const argumentList = (what: string) => z.array(argumentSet).min(1).max(10_000).meta({ description: what });

const argumentsFromSchema = z
  .union([
    z.strictObject({ list: argumentList('Argument sets; each call draws one at random (seeded).') }),
    z.strictObject({ sequence: argumentList('Argument sets used in turn: call n of the cell (session × callsPerSession + i) uses entry n mod length.') }),
    z.strictObject({
      schema: z.number().int().min(1).max(10_000).meta({ description: 'How many argument sets to generate from the tool’s inputSchema (as your server lists it), seeded by the run’s seed; each call draws one.' }),
    }),
  ])
  .transform((a): ArgumentsSource => ('list' in a ? { kind: 'list', values: a.list } : 'sequence' in a ? { kind: 'sequence', values: a.sequence } : { kind: 'schema', count: a.schema }))
  .meta({ description: 'Arguments that vary per call: one of list, sequence or schema (instead of fixed arguments).' });

export const userToolSchema = z
  .strictObject({
    name: z.string().min(1).max(256).meta({ description: 'The tool’s name, as your server lists it in tools/list.' }),
    weight: weightSchema,
    arguments: argumentSet.optional().meta({ description: 'The tool’s fixed arguments (a JSON object), checked against its inputSchema before the run. Default {}.' }),
    argumentsFrom: argumentsFromSchema.optional(),
  })
  .superRefine((t, ctx) => {
    if (t.arguments !== undefined && t.argumentsFrom !== undefined) {
      addHintedIssue(ctx, t, { path: ['argumentsFrom'], message: 'give either arguments (fixed) or argumentsFrom (varying), not both', hint: 'remove one of them' });
    }
  })
  .transform((t): ToolMixEntry => ({ name: t.name, weight: t.weight, arguments: { ...(t.arguments ?? {}) }, ...(t.argumentsFrom ? { argumentsFrom: t.argumentsFrom } : {}) }))
  .meta({ description: 'A tool of your own server (servers.<model>.command / .image) and its arguments.' });

/** The workload section, with tool entries for the reference servers or for your own server. */
export function workloadSchemaFor(toolSchema: typeof referenceToolSchema | typeof userToolSchema) {
  return z
  .strictObject({
    taskJob: durationField({ positive: true, description: 'tasks flow: how long each job runs on the replica (slow_job ms)' }).prefault(DEFAULTS.taskJob),
    taskCancelFraction: z
      .number()
      .min(0)
      .max(1)
      .meta({ description: 'tasks flow: share of tasks the client cancels after its first poll, 0..1.' })
      .prefault(DEFAULTS.taskCancelFraction),
    callsPerSession: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .meta({ description: 'tools/call requests per logical session, integer 1..10000.' })
      .prefault(DEFAULTS.callsPerSession),
    sseStream: z
      .boolean()
      .meta({ description: 'Legacy model: hold a GET SSE stream open for the session, as SDK clients do.' })
      .prefault(DEFAULTS.sseStream),
    listTools: z
      .boolean()
      .meta({ description: 'Send tools/list once at the start of each session.' })
      .prefault(DEFAULTS.listTools),
    thinkTime: durationField({ positive: false, description: 'Mean pause before each operation of a session' }).prefault(
      DEFAULTS.thinkTime,
    ),
    thinkTimeJitter: z
      .number()
      .min(0)
      .max(1)
      .meta({
        description:
          'Each think time (and task poll wait) is drawn uniformly from mean × [1 − j, 1 + j], seeded: agents do not pause exactly alike, and exact periods let a round-robin rotation line up with a client. 0 = exact.',
      })
      .prefault(DEFAULTS.thinkTimeJitter),
    tools: z
      .array(toolSchema as typeof referenceToolSchema)
      .min(1)
      .transform((list, ctx) => {
        reportDuplicates(list, ctx, 'tool entry', 'merge identical entries into one and add up their weights');
        return list;
      })
      .meta({ description: 'Tool mix: each call picks an entry at random by weight (seeded).' })
      .prefault(() => DEFAULTS.tools.map((t) => ({ ...t, arguments: { ...t.arguments } }))),
  })
  .transform(
    (w): WorkloadSpec => ({
      callsPerSession: w.callsPerSession,
      sseStream: w.sseStream,
      listTools: w.listTools,
      thinkTimeMs: w.thinkTime,
      thinkTimeJitter: w.thinkTimeJitter,
      tools: w.tools,
      taskJobMs: w.taskJob,
      taskCancelFraction: w.taskCancelFraction,
    }),
  )
  .meta({ description: 'What each logical client session does.' });
}

export const workloadSchema = workloadSchemaFor(referenceToolSchema);
