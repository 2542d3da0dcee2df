import type { SizeCellResult, SizeStep } from '../results/size-result-types.js';
import type { CapacityResult } from './capacity-search.js';

type Summary = Pick<SizeCellResult, 'search' | 'boundary' | 'atCapacity'>;

const same = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

/**
 * What a finished search says for the table: its status and bounds; the step that bounds the answer
 * from above (what broke, and what limited it: a throttling-bound p99 shows here); and the longest
 * passing step at the answer (p99, throttling and replica CPU at capacity).
 */
export function searchSummary(result: CapacityResult<SizeStep>, steps: readonly SizeStep[]): Summary {
  const { upperBoundPerSec: hi, lowerBoundPerSec: lo } = result;
  const broke = hi === undefined ? undefined : steps.filter((s) => !s.sloMet && same(s.ratePerSec, hi)).at(-1);
  const held = lo === undefined ? [] : steps.filter((s) => s.sloMet && same(s.ratePerSec, lo));
  const longest = held.reduce<SizeStep | undefined>((a, s) => (a === undefined || s.durationMs >= a.durationMs ? s : a), undefined);
  const cores = longest?.cpu.replicaCores.filter((c): c is number => c !== undefined) ?? [];
  return {
    search: {
      status: result.status,
      capacityPerSec: result.capacityPerSec,
      lowerBoundPerSec: lo,
      upperBoundPerSec: hi,
      limitedBy: result.limitedBy,
      reason: result.reason,
    },
    boundary: broke && { stepIndex: broke.index, limitedBy: broke.limitedBy, limiterReason: broke.limiterReason, throttlingBound: broke.throttlingBound },
    atCapacity: longest && {
      stepIndex: longest.index,
      p99Us: longest.latency?.p99Us,
      throttledShare: longest.throttling?.throttledShare,
      replicaCoresMean: cores.length > 0 ? cores.reduce((a, b) => a + b, 0) / cores.length : undefined,
    },
  };
}
