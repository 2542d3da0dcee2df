import { quantileSorted } from 'simple-statistics';
import { mixSeed, mulberry32 } from '../workload/prng.js';
import { invalidSetting } from './invalid-setting.js';

/** Default seed of every resampling here: the same inputs always give the same intervals. */
export const DEFAULT_SEED = 0x5eed;
export const DEFAULT_RESAMPLES = 2000;
export const DEFAULT_CONFIDENCE = 0.95;

export type Random = () => number;

/** An independent, reproducible random stream for one purpose (`stream`) under one seed. */
export function randomStream(seed: number, stream: number): Random {
  return mulberry32(mixSeed(seed, stream));
}

/**
 * Fills `out` (length n) with a moving-block bootstrap resample of `values`: blocks of `blockLength`
 * consecutive values starting at uniformly drawn positions (wrapping around), concatenated and cut
 * to n = out.length (a typed array: it sorts an order of magnitude faster than a number[]).
 * blockLength 1 is the ordinary i.i.d. bootstrap.
 */
export function resampleBlocks(values: ArrayLike<number>, blockLength: number, random: Random, out: Float64Array): void {
  const n = values.length;
  if (out.length !== n) throw new RangeError('resampleBlocks: out must have the length of values');
  const block = Math.max(1, Math.min(n, Math.floor(blockLength)));
  let filled = 0;
  while (filled < n) {
    const start = Math.floor(random() * n);
    for (let k = 0; k < block && filled < n; k++) out[filled++] = values[(start + k) % n]!;
  }
}

/** Percentile interval [(1 − c)/2, (1 + c)/2] of bootstrap replicates (sorted in place). */
export function percentileInterval(replicates: number[], confidence: number): { low: number; high: number } {
  replicates.sort((a, b) => a - b);
  const tail = (1 - confidence) / 2;
  return { low: quantileSorted(replicates, tail), high: quantileSorted(replicates, 1 - tail) };
}

export function checkConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) {
    throw invalidSetting(`confidence must be between 0 and 1 exclusive, e.g. 0.95 (got ${confidence})`);
  }
}

export function checkResamples(resamples: number): void {
  if (!Number.isInteger(resamples) || resamples < 100) {
    throw invalidSetting(`resamples must be an integer ≥ 100 (got ${resamples})`);
  }
}
