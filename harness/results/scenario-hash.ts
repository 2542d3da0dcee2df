import { createHash } from 'node:crypto';
import type { ResolvedScenario } from '../config/resolved-scenario.js';

/**
 * What makes two runs' measurements the same experiment: the resolved scenario without the parts
 * that do not change what is measured (where the file lies, its description, the thresholds it is
 * judged by). Two runs with equal hashes ran the same cells with the same load and workload.
 */
function measuredPart(scenario: ResolvedScenario): Record<string, unknown> {
  const { sourceFile: _f, description: _d, thresholds: _t, ...rest } = scenario as ResolvedScenario & Record<string, unknown>;
  return rest;
}

/** Keys sorted at every level, so the hash does not depend on the order a file listed them in. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** Short hash of the measured part of a scenario: equal hashes, the same experiment. */
export function scenarioHash(scenario: ResolvedScenario): string {
  return createHash('sha256').update(JSON.stringify(canonical(measuredPart(scenario)))).digest('hex').slice(0, 12);
}

/** Where two scenarios' measured parts differ, e.g. ["load.durationMs: 3000 → 10000"], at most `limit` lines. */
export function scenarioDifferences(a: ResolvedScenario, b: ResolvedScenario, limit = 10): string[] {
  const out: string[] = [];
  const walk = (x: unknown, y: unknown, path: string): void => {
    if (out.length > limit) return;
    const xs = JSON.stringify(canonical(x));
    const ys = JSON.stringify(canonical(y));
    if (xs === ys) return;
    const bothObjects = typeof x === 'object' && x !== null && typeof y === 'object' && y !== null && Array.isArray(x) === Array.isArray(y);
    if (!bothObjects) {
      out.push(`${path}: ${xs ?? 'absent'} → ${ys ?? 'absent'}`);
      return;
    }
    const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].sort();
    for (const k of keys) walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], Array.isArray(x) ? `${path}[${k}]` : path ? `${path}.${k}` : k);
  };
  walk(measuredPart(a), measuredPart(b), '');
  return out.length > limit ? [...out.slice(0, limit), '…'] : out;
}
