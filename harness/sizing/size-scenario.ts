import path from 'node:path';
import type { ResolvedScenario } from '../config/resolved-scenario.js';
import { writeFileAtomic } from '../output/atomic-write.js';
import { newRunId } from '../output/run-id.js';
import { describeLeftovers, removeLeftovers } from '../platform/leftovers.js';
import type { Platform } from '../platform/platform.js';
import { platformFor } from '../platform/platform-registry.js';
import { environmentFingerprint } from '../results/environment-fingerprint.js';
import { environmentInfo, gitInfo, harnessVersion, softwareVersions } from '../results/environment-info.js';
import type { ErrorInfo, RunStatus } from '../results/result-types.js';
import { SIZE_SCHEMA_VERSION, type SizeCellResult, type SizeFit, type SizeResult, type SizeSettings, type SizeStep } from '../results/size-result-types.js';
import { errorInfo } from '../run/error-info.js';
import { planRun, type CellPlan } from '../run/plan.js';
import { preflight } from '../run/preflight.js';
import { checkCapsPossible } from './caps-possible.js';
import { scalingFits } from './scaling-fits.js';
import { searchStart, type SearchStart } from './search-start.js';
import { sizeCell } from './size-cell.js';
import { sizeWarnings } from './size-warnings.js';

export type SizeEvent =
  | { readonly type: 'size-start'; readonly runId: string; readonly runDir: string; readonly cells: readonly CellPlan[]; readonly settings: SizeSettings }
  | { readonly type: 'warning'; readonly message: string }
  | { readonly type: 'cell-start'; readonly cell: CellPlan; readonly start: SearchStart; readonly of: number }
  | { readonly type: 'step'; readonly cell: SizeCellResult; readonly step: SizeStep }
  | { readonly type: 'replica-warm-up'; readonly cell: SizeCellResult; readonly warmup: NonNullable<SizeCellResult['replicaWarmup']> }
  | { readonly type: 'cell-end'; readonly cell: SizeCellResult }
  | { readonly type: 'results-written'; readonly file: string; readonly final: boolean };

export interface SizeRunOptions {
  readonly scenario: ResolvedScenario;
  readonly settings: SizeSettings;
  /** Folder that receives <run-id>/size.json. */
  readonly resultsRoot: string;
  readonly signal: AbortSignal;
  readonly command: readonly string[];
  readonly runId?: string;
  readonly platform?: Platform;
  readonly onEvent?: (e: SizeEvent) => void;
}

export interface SizeOutcome {
  readonly result: SizeResult;
  readonly resultFile: string;
  readonly runDir: string;
}

const same = (a: Pick<SizeCellResult, 'model' | 'policy' | 'flow' | 'store'>, b: typeof a): boolean => a.model === b.model && a.policy === b.policy && a.flow === b.flow && a.store === b.store;

/**
 * `mcp-lb-bench size`: for every cell a capacity search on its own capped topology (size-cell.ts),
 * then the scalability fit per model + policy + state. size.json is rewritten atomically after every
 * step, so an interrupt or a crash keeps every step measured so far.
 */
export async function sizeScenario(options: SizeRunOptions): Promise<SizeOutcome> {
  const { settings, signal } = options;
  // Faults belong to `run`: a capacity search measures the steady state.
  const scenario: ResolvedScenario = { ...options.scenario, faults: [] };
  const runId = options.runId ?? newRunId(scenario.name);
  const runDir = path.resolve(options.resultsRoot, runId);
  const resultFile = path.join(runDir, 'size.json');
  const plan = planRun(scenario);
  const platform = options.platform ?? platformFor(scenario);
  const emit = options.onEvent ?? (() => undefined);
  const startedAt = new Date();
  const git = gitInfo();
  const environment = environmentInfo();
  const cells: SizeCellResult[] = [];
  const warnings: string[] = [];
  const balancerVersions: Record<string, string> = {};
  let fits: SizeFit[] = [];
  const warn = (message: string): void => {
    warnings.push(message);
    emit({ type: 'warning', message });
  };

  const document = (status: RunStatus, error?: ErrorInfo): SizeResult => ({
    schemaVersion: SIZE_SCHEMA_VERSION,
    kind: 'size',
    tool: { name: 'mcp-lb-bench', version: harnessVersion(), gitSha: git.sha, gitDirty: git.dirty },
    runId,
    status,
    error,
    startedAt: startedAt.toISOString(),
    finishedAt: status === 'running' ? undefined : new Date().toISOString(),
    durationMs: status === 'running' ? undefined : Date.now() - startedAt.getTime(),
    command: options.command,
    environment: { ...environment, platform: platform.name, fingerprint: environmentFingerprint(environment, softwareVersions(balancerVersions)) },
    software: softwareVersions(balancerVersions),
    scenario: options.scenario,
    settings,
    cells: [...cells],
    fits,
    warnings: [...warnings, ...(status === 'running' ? [] : sizeWarnings(cells))],
  });
  const write = async (status: RunStatus, error?: ErrorInfo): Promise<SizeResult> => {
    const doc = document(status, error);
    await writeFileAtomic(resultFile, JSON.stringify(doc, null, 2) + '\n');
    emit({ type: 'results-written', file: resultFile, final: status !== 'running' });
    return doc;
  };

  emit({ type: 'size-start', runId, runDir, cells: plan.cells, settings });
  if (options.scenario.faults.length > 0) warn(`the scenario's ${options.scenario.faults.length} fault(s) are not injected: size measures the steady state`);
  const leftovers = await removeLeftovers();
  for (const line of describeLeftovers(leftovers)) warn(line);
  let notRunnable;
  try {
    await checkCapsPossible(platform.name, runId);
    notRunnable = await preflight(scenario, plan);
  } catch (e) {
    return { result: await write('failed', errorInfo(e)), resultFile, runDir };
  }

  await write('running');
  for (const cell of plan.cells) {
    if (signal.aborted) break;
    const cannot = notRunnable.get(cell.index);
    // A search without an answer still found a rate that held: it seeds the next count's start as well.
    const found = cells.filter((c) => same(c, cell)).flatMap((c) => {
      const held = c.search?.capacityPerSec ?? c.search?.lowerBoundPerSec;
      return held === undefined ? [] : [{ replicas: c.replicas, capacityPerSec: held }];
    });
    const start = searchStart(cell.replicas, settings.search.startRatePerSecPerReplica, settings.search.maxRatePerSec, found);
    if (cannot) {
      const now = new Date().toISOString();
      cells.push({ index: cell.index, id: cell.id, model: cell.model, policy: cell.policy, replicas: cell.replicas, flow: cell.flow, store: cell.store, status: 'not-run', error: cannot, startedAt: now, finishedAt: now, cpuCap: settings.cpuCap, startRatePerSec: start.ratePerSec, startReason: start.reason, steps: [], topology: { starts: 0, replicaRestarts: 0, startMs: undefined } });
      warn(`${cell.id}: not run: ${cannot.message}`);
      emit({ type: 'cell-end', cell: cells.at(-1)! });
      continue;
    }
    emit({ type: 'cell-start', cell, start, of: plan.cells.length });
    const slot = cells.length;
    const result = await sizeCell({
      cell,
      settings,
      start,
      env: { scenario, platform, runId, runDir, signal, maxInFlight: scenario.load.executor === 'closed-loop' ? 1000 : scenario.load.maxInFlight },
      onUpdate: async (record, step) => {
        if (record.replicaWarmup && !cells[slot]?.replicaWarmup) emit({ type: 'replica-warm-up', cell: record, warmup: record.replicaWarmup });
        cells[slot] = record;
        if (step) emit({ type: 'step', cell: record, step });
        await write('running');
      },
    });
    cells[slot] = result;
    if (result.balancer) balancerVersions[result.balancer.implementation] = result.balancer.version;
    fits = scalingFits(cells, settings.targetPerSec);
    emit({ type: 'cell-end', cell: result });
    await write('running');
  }
  fits = scalingFits(cells, settings.targetPerSec);
  const status: RunStatus = signal.aborted ? 'interrupted' : cells.some((c) => c.status === 'failed') ? 'failed' : 'completed';
  return { result: await write(status), resultFile, runDir };
}
