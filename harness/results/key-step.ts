import type { RequestStep } from '../metrics/steps.js';

/** The step whose latency best describes a flow's logical calls. */
const KEY_STEP: Record<string, RequestStep> = { tools: 'call', basket: 'handle-use', tasks: 'task-poll' };

export function keyStepOf(flow: string): RequestStep {
  return KEY_STEP[flow] ?? 'call';
}
