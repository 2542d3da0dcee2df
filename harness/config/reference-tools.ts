import { z } from 'zod';
import { REFERENCE_TOOLS } from '../servers/replica-contract.js';
import { echoInput, MAX_SLEEP_MS, MAX_WORK_CPU_US, sleepInput, workInput } from '../servers/reference-tools.js';

/**
 * Arguments of the reference servers' tools, the only servers a scenario can target for now. The field
 * schemas (types, bounds) are the servers' own, so a scenario is checked against exactly what a replica
 * accepts; here they only become strict (an unknown argument is an error, not silently dropped) and gain
 * descriptions for hints and editors. `satisfies` makes a tool added to the contract fail to compile here
 * until it is listed.
 */
export const REFERENCE_TOOL_ARGUMENTS = {
  echo: z
    .strictObject({ text: echoInput.shape.text.meta({ description: 'Text the tool returns unchanged.' }) })
    .meta({ description: 'Arguments of echo: { text: string }.' }),
  work: z
    .strictObject({
      cpuUs: workInput.shape.cpuUs.meta({
        description: `Microseconds of CPU the replica burns before answering, integer 0..${MAX_WORK_CPU_US}.`,
      }),
    })
    .meta({ description: `Arguments of work: { cpuUs: integer 0..${MAX_WORK_CPU_US} }.` }),
  sleep: z
    .strictObject({
      ms: sleepInput.shape.ms.meta({
        description: `Milliseconds the replica waits (without CPU) before answering, integer 0..${MAX_SLEEP_MS}.`,
      }),
    })
    .meta({ description: `Arguments of sleep: { ms: integer 0..${MAX_SLEEP_MS} }.` }),
} satisfies Record<keyof typeof REFERENCE_TOOLS, z.ZodType>;

export type ReferenceToolName = keyof typeof REFERENCE_TOOL_ARGUMENTS;

export function referenceToolDescription(name: ReferenceToolName): string {
  return REFERENCE_TOOLS[name];
}
