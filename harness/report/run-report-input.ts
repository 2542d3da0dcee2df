import type { RunResult } from '../results/result-types.js';

/** A balancer configuration file a cell used, read from the run folder (or why it could not be). */
export interface BalancerConfigText {
  /** As result.json names it: relative to the run folder. */
  readonly file: string;
  readonly cellIds: readonly string[];
  readonly text: string | undefined;
  readonly problem: string | undefined;
}

/** Everything the sections of one run read: the result plus the files beside it, already loaded. */
export interface RunReportInput {
  readonly result: RunResult;
  readonly configs: readonly BalancerConfigText[];
  /** Makes chart files and anchors unique when a report holds several runs ("" for one run). */
  readonly idPrefix: string;
  /** Appended to section titles when a report holds several runs ("" for one run). */
  readonly titleSuffix: string;
}
