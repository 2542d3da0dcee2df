import path from 'node:path';
import type { ResolvedScenario } from '../config/resolved-scenario.js';
import { writeFileAtomic } from '../output/atomic-write.js';
import { environmentInfo, gitInfo, harnessVersion, softwareVersions } from '../results/environment-info.js';
import { environmentFingerprint } from '../results/environment-fingerprint.js';
import { coordinatesOf } from '../config/matrix-dimensions.js';
import { RESULT_SCHEMA_VERSION, type CellResult, type ErrorInfo, type RunResult, type RunStatus } from '../results/result-types.js';
import { newRunId } from '../output/run-id.js';
import type { Platform } from '../platform/platform.js';
import { platformFor } from '../platform/platform-registry.js';
import { describeLeftovers, removeLeftovers } from '../platform/leftovers.js';
import type { LeftoverProcess } from '../proc/reaper.js';
import { errorInfo } from './error-info.js';
import { preflight, type NotRunnable } from './preflight.js';
import { planRun, type CellPlan, type RunPlan } from './plan.js';
import { runCell, type CellProgress } from './run-cell.js';
import { serverPreflight, type ServerFacts } from './server-preflight.js';
import type { ProtocolModelName } from '../config/resolved-scenario.js';
import { combineRepetitions } from './combine-repetitions.js';

export type RunEvent =
  | { readonly type: 'run-start'; readonly runId: string; readonly runDir: string; readonly plan: RunPlan }
  | { readonly type: 'reaped'; readonly processes: readonly LeftoverProcess[] }
  | { readonly type: 'warning'; readonly message: string }
  | { readonly type: 'cell-start'; readonly cell: CellPlan; readonly repetition: number; readonly repetitions: number }
  | ({ readonly type: 'progress' } & CellProgress)
  | { readonly type: 'cell-end'; readonly result: CellResult }
  | { readonly type: 'results-written'; readonly file: string; readonly final: boolean };

export interface RunOptions {
  readonly scenario: ResolvedScenario;
  /** Folder that receives <run-id>/result.json (normally ./results). */
  readonly resultsRoot: string;
  readonly signal: AbortSignal;
  readonly command: readonly string[];
  readonly runId?: string;
  readonly platform?: Platform;
  readonly onEvent?: (e: RunEvent) => void;
}

export interface RunOutcome {
  readonly result: RunResult;
  readonly resultFile: string;
  readonly runDir: string;
}

/**
 * The orchestrator: plan → (per cell: provision → warm-up → measure → teardown) → outputs.
 * result.json is rewritten atomically after every cell, so a crash loses at most the running cell,
 * and an interrupt still writes what was gathered, marked "interrupted".
 */
export async function runScenario(options: RunOptions): Promise<RunOutcome> {
  const { signal } = options;
  // What the cells run: the scenario, with arguments generated from the servers' own schemas filled in.
  let scenario = options.scenario;
  const runId = options.runId ?? newRunId(scenario.name);
  const runDir = path.resolve(options.resultsRoot, runId);
  const resultFile = path.join(runDir, 'result.json');
  const plan = planRun(scenario);
  const platform = options.platform ?? platformFor(scenario);
  const emit = options.onEvent ?? (() => undefined);
  const startedAt = new Date();
  const git = gitInfo();
  const cells: CellResult[] = [];
  const warnings: string[] = [];
  const balancerVersions: Record<string, string> = {};

  const environment = environmentInfo();
  const document = (status: RunStatus, error?: ErrorInfo): RunResult => ({
    schemaVersion: RESULT_SCHEMA_VERSION,
    tool: { name: 'mcp-lb-bench', version: harnessVersion(), gitSha: git.sha, gitDirty: git.dirty },
    runId,
    status,
    error,
    startedAt: startedAt.toISOString(),
    finishedAt: status === 'running' ? undefined : new Date().toISOString(),
    durationMs: status === 'running' ? undefined : Date.now() - startedAt.getTime(),
    command: options.command,
    environment: { ...environment, harnessPlatform: platform.name, fingerprint: environmentFingerprint(environment, softwareVersions(balancerVersions)) },
    software: softwareVersions(balancerVersions),
    scenario,
    cells: [...cells],
    warnings: [...warnings],
  });
  const write = async (status: RunStatus, error?: ErrorInfo): Promise<RunResult> => {
    const doc = document(status, error);
    await writeFileAtomic(resultFile, JSON.stringify(doc, null, 2) + '\n');
    emit({ type: 'results-written', file: resultFile, final: status !== 'running' });
    return doc;
  };

  emit({ type: 'run-start', runId, runDir, plan });
  // Every run, whatever its platform, removes what crashed runs left: processes, containers, networks.
  const leftovers = await removeLeftovers();
  if (leftovers.processes.length > 0) emit({ type: 'reaped', processes: leftovers.processes });
  for (const line of describeLeftovers(leftovers)) {
    warnings.push(line);
    emit({ type: 'warning', message: line });
  }

  let notRunnable: NotRunnable;
  try {
    notRunnable = await preflight(scenario, plan);
  } catch (e) {
    return { result: await write('failed', errorInfo(e)), resultFile, runDir };
  }
  let facts: ReadonlyMap<ProtocolModelName, ServerFacts>;
  try {
    const models = [...new Set(plan.cells.filter((c) => !notRunnable.has(c.index)).map((c) => c.model))];
    const checked = await serverPreflight(scenario, models, platform, runId, runDir, signal);
    scenario = checked.scenario;
    facts = checked.facts;
    for (const line of checked.warnings) {
      warnings.push(line);
      emit({ type: 'warning', message: line });
    }
  } catch (e) {
    return { result: await write(signal.aborted ? 'interrupted' : 'failed', errorInfo(e, signal.aborted)), resultFile, runDir };
  }
  if (notRunnable.size === plan.cells.length) {
    // Nothing can run: the run fails with the (first) reason, every cell's listed.
    const first = notRunnable.get(plan.cells[0]?.index ?? 0) as ErrorInfo;
    const details = plan.cells.map((c) => `${c.id}: ${notRunnable.get(c.index)?.message ?? ''}`);
    return { result: await write('failed', { ...first, details: [...(first.details ?? []), ...(details.length > 1 ? details : [])] }), resultFile, runDir };
  }

  await write('running');
  // Repetitions are interleaved across cells (A B A B, not A A B B) so drift spreads over every cell.
  const repetitions = Math.max(1, scenario.load.repetitions);
  const runs = new Map<number, CellResult[]>();
  const combined = (): CellResult[] =>
    plan.cells.flatMap((c) => {
      const reps = runs.get(c.index);
      if (!reps || reps.length === 0) return [];
      return [repetitions > 1 && reps[0]?.status !== 'not-run' ? combineRepetitions(reps) : (reps[0] as CellResult)];
    });
  const record = (cell: CellPlan, result: CellResult): void => {
    runs.set(cell.index, [...(runs.get(cell.index) ?? []), result]);
    cells.splice(0, cells.length, ...combined());
  };
  for (let repetition = 1; repetition <= repetitions && !signal.aborted; repetition++) {
    for (const cell of plan.cells) {
      if (signal.aborted) break;
      const cannot = notRunnable.get(cell.index);
      if (cannot) {
        if (repetition > 1) continue;
        const now = new Date().toISOString();
        const result: CellResult = { index: cell.index, id: cell.id, ...coordinatesOf(cell), plan: cell.executor, status: 'not-run', error: cannot, startedAt: now, finishedAt: now };
        warnings.push(`${cell.id}: not run: ${cannot.message}`);
        record(cell, result);
        emit({ type: 'cell-end', result });
        continue;
      }
      emit({ type: 'cell-start', cell, repetition, repetitions });
      let result: CellResult;
      const workDir = repetitions > 1 ? path.join(runDir, 'cells', cell.id, `rep${repetition}`) : undefined;
      try {
        result = await runCell(cell, scenario, { platform, runId, runDir, signal, onProgress: (p) => emit({ type: 'progress', ...p }), ...(workDir ? { workDir } : {}), server: facts.get(cell.model) });
      } catch (e) {
        const now = new Date().toISOString();
        result = { index: cell.index, id: cell.id, ...coordinatesOf(cell), plan: cell.executor, status: signal.aborted ? 'interrupted' : 'failed', error: errorInfo(e, signal.aborted), startedAt: now, finishedAt: now };
      }
      if (result.balancer) balancerVersions[result.balancer.implementation] = result.balancer.version;
      const tag = repetitions > 1 ? ` (repetition ${repetition})` : '';
      if (result.status === 'interrupted') warnings.push(`${result.id}: interrupted — partial numbers`);
      else if (result.generator?.saturated) warnings.push(`${result.id}${tag}: generator_saturated (${result.generator.saturationReasons.join('; ')})`);
      if (result.status !== 'interrupted' && result.reconciliation?.state === 'mismatch') warnings.push(`${result.id}${tag}: client and replica counts differ`);
      if (result.status !== 'interrupted' && result.reconciliation?.state === 'not-reconciled') warnings.push(`${result.id}${tag}: not reconciled: ${result.reconciliation.reasons.join('; ')}`);
      record(cell, result);
      emit({ type: 'cell-end', result });
      await write('running');
    }
  }
  const status: RunStatus = signal.aborted ? 'interrupted' : cells.some((c) => c.status === 'failed') ? 'failed' : 'completed';
  return { result: await write(status), resultFile, runDir };
}
