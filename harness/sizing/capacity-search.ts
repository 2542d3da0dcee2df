import { invalidSetting } from '../stats/invalid-setting.js';

/** What held a step back, when something saturated. Only `replicas` (or the balancer) is a finding. */
export type Limiter = 'replicas' | 'balancer' | 'generator' | 'box';

export interface StepOutcome<D = unknown> {
  readonly sloMet: boolean;
  /** Undefined when nothing was saturated. */
  readonly limitedBy?: Limiter;
  /** The caller's figures for the record (latency summary, errors, CPU per replica, ...). */
  readonly detail?: D;
}

export type StepPhase = 'grow' | 'descend' | 'bisect' | 'confirm' | 'confirm-above';

export type MeasureStep<D = unknown> = (ratePerSec: number, durationMs: number, phase: StepPhase) => Promise<StepOutcome<D>>;

export interface SearchStep<D = unknown> {
  readonly index: number;
  readonly phase: StepPhase;
  readonly ratePerSec: number;
  readonly durationMs: number;
  readonly outcome: StepOutcome<D>;
}

export interface CapacitySearchOptions<D = unknown> {
  readonly startRatePerSec: number;
  /** The search never offers more; met there = "at least this much". */
  readonly maxRatePerSec: number;
  /** Below this the search gives up stepping down. Default startRatePerSec / 16. */
  readonly minRatePerSec?: number;
  /** Geometric growth per step until the SLO breaks. Default 2. */
  readonly growthFactor?: number;
  /** Relative precision: the answer is within this fraction below the breaking rate. Default 0.05. */
  readonly precision?: number;
  readonly stepDurationMs: number;
  /** Longer run for the confirmation at the answer and one step above. */
  readonly confirmDurationMs: number;
  /** Hard bound on measured steps. Default 40. */
  readonly maxSteps?: number;
  /** Confirmation moves (down after a failed answer, up after a passed step above). Default 3. */
  readonly maxConfirmMoves?: number;
  readonly signal?: AbortSignal;
  /** Progress: called after every step. */
  readonly onStep?: (step: SearchStep<D>) => void;
}

export type SearchStatus =
  /** capacityPerSec is the highest confirmed rate meeting the SLO, limited by replicas or balancer (or unknown). */
  | 'found'
  /** The ceiling came from the generator or the box: not a capacity. */
  | 'invalid'
  /** The SLO was met even at maxRatePerSec: capacity ≥ lowerBoundPerSec. */
  | 'above-maximum'
  /** The SLO was missed even at minRatePerSec. */
  | 'below-minimum'
  /** Confirmation kept moving: bounds only. */
  | 'unconfirmed'
  /** maxSteps reached: bounds only. */
  | 'step-limit';

export interface CapacityResult<D = unknown> {
  readonly status: SearchStatus;
  /** Set only when status is 'found'. */
  readonly capacityPerSec: number | undefined;
  /** Highest rate seen meeting the SLO (and the lowest seen breaking it), whatever the status. */
  readonly lowerBoundPerSec: number | undefined;
  readonly upperBoundPerSec: number | undefined;
  /** What limited the step that bounds the answer from above. */
  readonly limitedBy: Limiter | undefined;
  readonly reason: string;
  readonly steps: readonly SearchStep<D>[];
}

class StepLimit extends Error {}

/**
 * Finds the highest sustainable rate meeting an SLO, open loop: grow the rate geometrically until
 * the SLO breaks (or step down from the start until it holds), bisect geometrically until the
 * bounds are within `precision`, then confirm with longer runs at the answer and one precision step
 * above it, moving down (answer failed) or up (step above held) a bounded number of times.
 * A ceiling set by the generator or the box is reported 'invalid', never as capacity.
 * Pure apart from the injected `measureStep`: every decision depends only on the outcomes.
 */
export async function searchCapacity<D>(measureStep: MeasureStep<D>, options: CapacitySearchOptions<D>): Promise<CapacityResult<D>> {
  const o = checkOptions(options);
  const steps: SearchStep<D>[] = [];
  let lo: number | undefined; // highest rate known to meet the SLO
  let hi: number | undefined; // lowest rate known to break it
  let hiOutcome: StepOutcome<D> | undefined;
  let hiFromConfirmation = false; // hi broke the SLO in a confirmation-length run

  const measure = async (ratePerSec: number, durationMs: number, phase: StepPhase): Promise<StepOutcome<D>> => {
    if (steps.length >= o.maxSteps) throw new StepLimit();
    o.signal?.throwIfAborted();
    const outcome = await measureStep(ratePerSec, durationMs, phase);
    const step = { index: steps.length, phase, ratePerSec, durationMs, outcome };
    steps.push(step);
    o.onStep?.(step);
    return outcome;
  };
  const result = (status: SearchStatus, reason: string, capacityPerSec?: number): CapacityResult<D> => ({
    status,
    capacityPerSec: status === 'found' ? capacityPerSec : undefined,
    lowerBoundPerSec: lo,
    upperBoundPerSec: hi,
    limitedBy: hiOutcome?.limitedBy,
    reason,
    steps,
  });
  const fail = (rate: number, outcome: StepOutcome<D>, confirmation = false): void => {
    hi = rate;
    hiOutcome = outcome;
    hiFromConfirmation = confirmation;
  };

  try {
    // 1. Grow until the SLO breaks.
    for (let rate = o.startRatePerSec; ; rate = Math.min(rate * o.growthFactor, o.maxRatePerSec)) {
      const outcome = await measure(rate, o.stepDurationMs, 'grow');
      if (!outcome.sloMet) {
        fail(rate, outcome);
        break;
      }
      lo = rate;
      if (rate >= o.maxRatePerSec) return invalidOr('above-maximum', `the SLO held at the maximum rate ${rate}/s: capacity is at least that`);
    }
    // 1b. The start rate already broke it: step down until it holds.
    for (let rate = o.startRatePerSec / o.growthFactor; lo === undefined; rate /= o.growthFactor) {
      if (rate < o.minRatePerSec) return invalidOr('below-minimum', `the SLO was not met even at ${hi}/s (minimum ${o.minRatePerSec}/s)`);
      const outcome = await measure(rate, o.stepDurationMs, 'descend');
      if (outcome.sloMet) lo = rate;
      else fail(rate, outcome);
    }
    // 2. Bisect (geometric mean: the precision is relative).
    while (hi! / lo! > 1 + o.precision) {
      const mid = Math.sqrt(lo! * hi!);
      const outcome = await measure(mid, o.stepDurationMs, 'bisect');
      if (outcome.sloMet) lo = mid;
      else fail(mid, outcome);
    }
    // 3. Confirm with longer runs at the answer and one step above.
    let answer = lo!;
    let answerHeld = false;
    const step = 1 + o.precision;
    for (let moves = 0; moves <= o.maxConfirmMoves; ) {
      if (!answerHeld) {
        const outcome = await measure(answer, o.confirmDurationMs, 'confirm');
        if (!outcome.sloMet) {
          fail(answer, outcome, true);
          answer /= step;
          moves++;
          if (answer < o.minRatePerSec) return invalidOr('below-minimum', `confirmation failed down to ${o.minRatePerSec}/s`);
          continue;
        }
        answerHeld = true;
        lo = answer;
      }
      if (hiFromConfirmation && hi! <= answer * step * (1 + 1e-9)) {
        // The step above already broke the SLO in a confirmation-length run.
        return invalidOr('found', `the SLO held for ${o.confirmDurationMs} ms at ${fmt(answer)}/s and broke at ${fmt(hi!)}/s`, answer);
      }
      const above = answer * step;
      const outcome = await measure(above, o.confirmDurationMs, 'confirm-above');
      if (!outcome.sloMet) {
        fail(above, outcome, true);
        return invalidOr('found', `the SLO held for ${o.confirmDurationMs} ms at ${fmt(answer)}/s and broke at ${fmt(above)}/s`, answer);
      }
      answer = above;
      lo = above;
      moves++;
    }
    return invalidOr('unconfirmed', `confirmation moved ${o.maxConfirmMoves} times without settling`);
  } catch (e) {
    if (e instanceof StepLimit) return invalidOr('step-limit', `stopped after ${o.maxSteps} steps`);
    throw e;
  }

  /** A ceiling set by the generator or box (or such a step at or below the answer) invalidates the search. */
  function invalidOr(status: SearchStatus, reason: string, capacityPerSec?: number): CapacityResult<D> {
    const boundary = hiOutcome?.limitedBy;
    if (boundary === 'generator' || boundary === 'box') {
      return result('invalid', `the step at ${fmt(hi!)}/s was limited by the ${boundary}, not the replicas: ${reason}`);
    }
    const below = steps.find((s) => lo !== undefined && s.ratePerSec <= lo && (s.outcome.limitedBy === 'generator' || s.outcome.limitedBy === 'box'));
    if (below) return result('invalid', `the step at ${fmt(below.ratePerSec)}/s was limited by the ${below.outcome.limitedBy}: ${reason}`);
    return result(status, reason, capacityPerSec);
  }
}

function fmt(rate: number): string {
  return rate >= 100 ? rate.toFixed(0) : rate.toPrecision(3);
}

function checkOptions<D>(options: CapacitySearchOptions<D>) {
  const o = {
    ...options,
    minRatePerSec: options.minRatePerSec ?? options.startRatePerSec / 16,
    growthFactor: options.growthFactor ?? 2,
    precision: options.precision ?? 0.05,
    maxSteps: options.maxSteps ?? 40,
    maxConfirmMoves: options.maxConfirmMoves ?? 3,
  };
  const positive: [string, number][] = [
    ['startRatePerSec', o.startRatePerSec],
    ['maxRatePerSec', o.maxRatePerSec],
    ['minRatePerSec', o.minRatePerSec],
    ['stepDurationMs', o.stepDurationMs],
    ['confirmDurationMs', o.confirmDurationMs],
    ['precision', o.precision],
  ];
  for (const [name, v] of positive) if (!(Number.isFinite(v) && v > 0)) throw invalidSetting(`${name} must be > 0 (got ${v})`);
  if (!(o.growthFactor > 1)) throw invalidSetting(`growthFactor must be > 1 (got ${o.growthFactor})`);
  if (o.maxRatePerSec < o.startRatePerSec) throw invalidSetting(`maxRatePerSec (${o.maxRatePerSec}) is below startRatePerSec (${o.startRatePerSec})`);
  if (!Number.isInteger(o.maxSteps) || o.maxSteps < 3) throw invalidSetting(`maxSteps must be an integer ≥ 3 (got ${o.maxSteps})`);
  return o;
}
