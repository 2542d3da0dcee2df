import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { HarnessError } from '../errors/harness-error.js';
import { RESULT_SCHEMA_VERSION, type RunResult } from './result-types.js';

/**
 * The one reader of result files: what `report`, `compare`, `history` and `size` build on. It checks
 * that a file is a result of this tool, refuses versions it does not know (a newer harness wrote it),
 * and upgrades older versions step by step to the current shape, so readers see one shape only.
 */

/** Turns a document of version N into version N + 1. */
type Upgrader = (doc: Record<string, unknown>) => Record<string, unknown>;

/** Version 1 said `matched: true` also when there was nothing to compare (no replica counts). */
function reconciliationV1toV2(doc: Record<string, unknown>): Record<string, unknown> {
  const cells = Array.isArray(doc['cells']) ? (doc['cells'] as Array<Record<string, unknown>>) : [];
  return {
    ...doc,
    cells: cells.map((c) => {
      const r = c['reconciliation'] as (Record<string, unknown> & { matched?: boolean; clientTotal?: number; serverTotal?: number }) | undefined;
      if (!r || typeof r !== 'object') return c;
      const { matched, ...rest } = r;
      const vacuous = matched === true && r.clientTotal === 0 && r.serverTotal === 0;
      const state = matched === false ? 'mismatch' : vacuous ? 'not-reconciled' : 'reconciled';
      const reasons = vacuous ? ['no replica counts to compare with (result schema 1 did not say why)'] : [];
      return { ...c, reconciliation: { ...rest, state, reasons, incomplete: [] } };
    }),
  };
}

/**
 * Version 1 kept CPU per request in replicaReports[] and balancer (10 ms ticks); version 2 has `cost`
 * with per-session and per-call units. Per request and utilisation are carried over; per call is
 * unknown (v1 did not count tool calls in the window), per session is derived as v2 derives it.
 */
function costV1toV2(doc: Record<string, unknown>): Record<string, unknown> {
  const cells = Array.isArray(doc['cells']) ? (doc['cells'] as Array<Record<string, unknown>>) : [];
  return {
    ...doc,
    cells: cells.map((c) => {
      type V1Replica = Record<string, unknown> & { cpuUs?: number; measuredWindowRequests?: number };
      const replicas = (Array.isArray(c['replicaReports']) ? c['replicaReports'] : []) as V1Replica[];
      const balancer = c['balancer'] as (Record<string, unknown> & { cpuUs?: number }) | undefined;
      const load = c['load'] as { actualMeasuredMs?: number } | undefined;
      const metrics = c['metrics'] as { measuredRequests?: number; sessions?: { started?: number } } | undefined;
      if (replicas.length === 0) return c;
      const add = (xs: Array<number | undefined>): number | undefined => (xs.some((x) => typeof x !== 'number') ? undefined : (xs as number[]).reduce((a, b) => a + b, 0));
      const requests = add(replicas.map((r) => r.measuredWindowRequests));
      const windowMs = typeof load?.actualMeasuredMs === 'number' ? load.actualMeasuredMs : 0;
      const perSession = metrics?.sessions?.started ? (metrics.measuredRequests ?? 0) / metrics.sessions.started : undefined;
      const fig = (cpuUs: number | undefined) => {
        const usPerRequest = cpuUs !== undefined && requests ? cpuUs / requests : undefined;
        return { cpuUs, cores: cpuUs !== undefined && windowMs > 0 ? cpuUs / 1000 / windowMs : undefined, usPerRequest, usPerCall: undefined, usPerSession: usPerRequest !== undefined && perSession !== undefined ? usPerRequest * perSession : undefined };
      };
      const cost = {
        windowMs,
        cpuSource: 'proc',
        requests,
        toolCalls: undefined,
        requestsPerSession: perSession,
        replicas: fig(add(replicas.map((r) => r.cpuUs))),
        balancer: fig(balancer?.cpuUs),
        perReplica: replicas.map((r) => ({ cpuUs: r.cpuUs, cores: r.cpuUs !== undefined && windowMs > 0 ? r.cpuUs / 1000 / windowMs : undefined, requestsPerSec: r.measuredWindowRequests !== undefined && windowMs > 0 ? (r.measuredWindowRequests / windowMs) * 1000 : undefined })),
      };
      const strip = ({ cpuUs: _a, cpuUsPerRequest: _b, measuredWindowRequests: _c, ...rest }: Record<string, unknown>) => rest;
      // Version 1 counted requests the harness aborted as failures; it had no separate count.
      const m = c['metrics'] as (Record<string, unknown> & { sessions?: Record<string, unknown> }) | undefined;
      const metricsV2 = m ? { ...m, abortedRequests: 0, sessions: { ...(m.sessions ?? {}), aborted: 0 } } : undefined;
      return { ...c, replicaReports: replicas.map(strip), ...(balancer ? { balancer: strip(balancer) } : {}), ...(metricsV2 ? { metrics: metricsV2 } : {}), cost };
    }),
  };
}

/** UPGRADERS[n] upgrades version n to n + 1. Add one whenever RESULT_SCHEMA_VERSION is bumped. */
const UPGRADERS: Readonly<Record<number, Upgrader>> = { 1: (doc) => costV1toV2(reconciliationV1toV2(doc)) };

/** The oldest version this reader can upgrade from. */
export const OLDEST_READABLE_VERSION = 1;

// Only what every reader relies on; the rest of the document is taken as written by the same version.
const envelope = z.looseObject({
  schemaVersion: z.number().int().min(1),
  tool: z.looseObject({ name: z.literal('mcp-lb-bench'), version: z.string() }),
  runId: z.string(),
  status: z.enum(['running', 'completed', 'interrupted', 'failed']),
  cells: z.array(z.looseObject({ id: z.string(), model: z.string(), policy: z.string(), replicas: z.number(), status: z.string() })),
});

function invalid(source: string, message: string, hint: string): HarnessError {
  return new HarnessError('E_RESULT_READ', `${source}: ${message}`, { hint });
}

/** Validates and upgrades a parsed result document; `source` names it in errors. */
export function parseResult(value: unknown, source: string): RunResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(source, 'not a result file (expected a JSON object)', 'pass the result.json a run wrote (results/<run-id>/result.json)');
  if ((value as { kind?: unknown }).kind === 'size') {
    throw invalid(source, 'is a size result (size.json), not a run result', 'read it with readAnyResult or readSizeResult (harness/results/read-size-result.ts)');
  }
  const version = (value as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version === 'number' && version > RESULT_SCHEMA_VERSION) {
    throw invalid(source, `written with result schema version ${version}; this mcp-lb-bench reads up to version ${RESULT_SCHEMA_VERSION}`, 'read it with the mcp-lb-bench version that wrote it (result.json → tool.version), or upgrade this one');
  }
  if (typeof version === 'number' && version < OLDEST_READABLE_VERSION) {
    throw invalid(source, `result schema version ${version} is older than this reader supports (${OLDEST_READABLE_VERSION})`, 're-run the scenario to get a current result');
  }
  let doc = value as Record<string, unknown>;
  for (let v = typeof version === 'number' ? version : 0; v < RESULT_SCHEMA_VERSION && typeof version === 'number'; v++) {
    const upgrade = UPGRADERS[v];
    if (!upgrade) throw invalid(source, `no upgrade from result schema version ${v}`, 're-run the scenario to get a current result');
    doc = { ...upgrade(doc), schemaVersion: v + 1 };
  }
  const checked = envelope.safeParse(doc);
  if (!checked.success) {
    const first = checked.error.issues[0];
    const where = first && first.path.length > 0 ? first.path.join('.') : 'the document';
    throw invalid(source, `not a readable mcp-lb-bench result: ${where}: ${first?.message ?? 'invalid'}`, 'pass the result.json a run wrote (results/<run-id>/result.json)');
  }
  return doc as unknown as RunResult;
}

/** Reads, validates and upgrades one result file. */
export async function readResult(file: string): Promise<RunResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new HarnessError('E_RESULT_READ', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e, hint: 'check the path (results/<run-id>/result.json)' });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw invalid(file, `not JSON (${(e as Error).message})`, 'a result file is JSON written by `mcp-lb-bench run`; was it truncated or edited?');
  }
  return parseResult(value, file);
}
