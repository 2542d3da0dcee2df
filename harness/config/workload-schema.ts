import { z } from 'zod';
import { SCENARIO_DEFAULTS } from './defaults.js';
import { REFERENCE_TOOL_ARGUMENTS, referenceToolDescription, type ReferenceToolName } from './reference-tools.js';
import type { ToolMixEntry, WorkloadSpec } from './resolved-scenario.js';
import { durationField, reportDuplicates } from './schema-fields.js';

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

const toolSchema = z
  .discriminatedUnion('name', [toolEntry('echo'), toolEntry('work'), toolEntry('sleep')])
  .transform((t): ToolMixEntry => ({ name: t.name, weight: t.weight, arguments: { ...t.arguments } }));

export const workloadSchema = z
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
      .array(toolSchema)
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
