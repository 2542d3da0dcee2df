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
    thinkTime: durationField({ positive: false, description: 'Pause between consecutive operations of a session' }).prefault(
      DEFAULTS.thinkTime,
    ),
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
      tools: w.tools,
    }),
  )
  .meta({ description: 'What each logical client session does.' });
