import { setTimeout as sleepMs } from 'node:timers/promises';
import { z } from 'zod';
import { REFERENCE_TOOLS } from './replica-contract.js';

/**
 * The tools both reference servers offer, defined once. The schemas are zod v4 objects, which the v1
 * SDK (1.32.2, zod v3/v4 `AnySchema`) and the v2 SDK (Standard Schema) both accept, so the two servers
 * advertise the same argument names and bounds.
 */
export const MAX_WORK_CPU_US = 1_000_000;
export const MAX_SLEEP_MS = 60_000;

export const echoInput = z.object({ text: z.string() });
export const workInput = z.object({ cpuUs: z.number().int().min(0).max(MAX_WORK_CPU_US) });
export const sleepInput = z.object({ ms: z.number().int().min(0).max(MAX_SLEEP_MS) });

/** The result shape both SDKs accept from a tool callback (a type alias: their result types carry index signatures). */
export type TextToolResult = {
  content: [{ type: 'text'; text: string }];
};

export const TOOL_DESCRIPTIONS = REFERENCE_TOOLS;

function text(value: string): TextToolResult {
  return { content: [{ type: 'text', text: value }] };
}

export function runEcho(args: z.infer<typeof echoInput>): TextToolResult {
  return text(args.text);
}

/**
 * Spins on the clock rather than doing "real" work so the cost is the same on every machine and
 * JIT state: this is the knob scenarios use to model CPU-bound tools.
 */
export function runWork(args: z.infer<typeof workInput>): TextToolResult {
  const endMs = performance.now() + args.cpuUs / 1000;
  while (performance.now() < endMs) {
    // busy by design
  }
  return text(`worked ${args.cpuUs}us`);
}

/** Honours the request's abort signal so a cancelled or disconnected call does not hold a timer. */
export async function runSleep(args: z.infer<typeof sleepInput>, signal?: AbortSignal): Promise<TextToolResult> {
  await sleepMs(args.ms, undefined, signal === undefined ? undefined : { signal });
  return text(`slept ${args.ms}ms`);
}

/** Server identity advertised by both reference servers (serverInfo). */
export const REFERENCE_SERVER_INFO = { name: 'mcp-lb-bench-reference', version: '0.1.0' } as const;
