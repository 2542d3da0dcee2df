import type { EffectiveTuning } from '../balancer.js';
import { resolveTuning } from '../balancer-tuning.js';
import type { BalancerImplName, BalancerTuningRequest } from '../balancer.js';

/** Helpers for the config renderers' unit tests. For tests only. */
export const BACKENDS = [
  { id: 'r1', host: '127.0.0.1', port: 41001 },
  { id: 'r2', host: '127.0.0.1', port: 41002 },
  { id: 'r3', host: '127.0.0.1', port: 41003 },
] as const;

export const HEAVY_POOLS = [
  { name: 'heavy', backendIds: ['r1'], tools: ['work'] },
  { name: 'default', backendIds: ['r2', 'r3'], tools: [] },
];

export function tuningFor(impl: BalancerImplName, request: BalancerTuningRequest): EffectiveTuning {
  const r = resolveTuning(impl, request);
  if (!r.supported) throw new Error(r.reason);
  return r.tuning;
}

/**
 * The lines of one section (HAProxy: from its header line to the next blank line; nginx: a block's
 * body up to its closing brace at the same depth), comments and indentation removed.
 */
export function section(config: string, header: string): string[] {
  const lines = config.split('\n');
  const start = lines.findIndex((l) => l.trim() === header.trim());
  if (start < 0) throw new Error(`section "${header}" not found in:\n${config}`);
  const out: string[] = [];
  let depth = 0;
  for (const line of lines.slice(start + 1)) {
    const t = line.trim();
    if (header.trim().endsWith('{')) {
      if (t === '}' && depth === 0) break;
      if (t.endsWith('{')) depth += 1;
      if (t === '}') depth -= 1;
    } else if (line === '') break;
    if (!t.startsWith('#') && t !== '') out.push(t);
  }
  return out;
}
