import { environmentFingerprint, type EnvironmentFingerprint } from './environment-fingerprint.js';
import type { RunResult } from './result-types.js';
import { scenarioHash } from './scenario-hash.js';

/** One side of a comparison or one history line: which run, which build, which machine. */
export interface RunIdentity {
  readonly runId: string;
  readonly scenario: string;
  readonly scenarioHash: string;
  readonly startedAt: string;
  readonly gitSha: string | undefined;
  readonly gitDirty: boolean | undefined;
  readonly fingerprint: EnvironmentFingerprint;
}

export function runIdentity(result: RunResult): RunIdentity {
  return {
    runId: result.runId,
    scenario: result.scenario.name,
    scenarioHash: scenarioHash(result.scenario),
    startedAt: result.startedAt,
    gitSha: result.tool.gitSha,
    gitDirty: result.tool.gitDirty,
    fingerprint: environmentFingerprint(result.environment, result.software),
  };
}
