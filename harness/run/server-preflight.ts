import path from 'node:path';
import type { ProtocolModelName, ResolvedScenario } from '../config/resolved-scenario.js';
import { HarnessError } from '../errors/harness-error.js';
import type { Platform } from '../platform/platform.js';
import { userServerFor } from '../platform/user-server.js';
import type { LostSessionSignal } from '../protocol/lost-session.js';
import { PreflightClient } from '../protocol/preflight-requests.js';
import type { LostSessionReport } from '../results/result-types.js';
import { withGeneratedArguments } from './generate-arguments.js';
import { checkTools, toolProblemsError } from './tool-check.js';

/** What the run knows about one model's server before its first cell. */
export interface ServerFacts {
  /** Legacy: what to count as a lost session, and how that was learnt. */
  readonly lostSession?: { readonly signal: LostSessionSignal; readonly report: LostSessionReport } | undefined;
}

export interface ServerPreflight {
  /** The scenario the cells run: tool arguments generated from the servers' schemas filled in. */
  readonly scenario: ResolvedScenario;
  readonly facts: ReadonlyMap<ProtocolModelName, ServerFacts>;
  /** What the preflight could not check (said in the run's warnings). */
  readonly warnings: readonly string[];
}

// The v1 SDK transport's answer for an unknown session, and its example router's (what the reference server mimics).
const REFERENCE_CODES: Readonly<Record<number, number>> = { 404: -32001, 400: -32000 };

/** Whether the run must ask the server itself (it is not the harness's reference server). */
function probes(scenario: ResolvedScenario, model: ProtocolModelName): boolean {
  return scenario.platform === 'external' || userServerFor({ model, servers: scenario.servers }) !== undefined;
}

function lostSessionFacts(scenario: ResolvedScenario, measured: LostSessionReport | undefined): ServerFacts['lostSession'] {
  const override = scenario.client.lostSessionStatus;
  if (override !== undefined) {
    return { signal: { status: override }, report: { status: override, source: 'client.lostSessionStatus', conforming: override === 404 } };
  }
  if (measured !== undefined) return { signal: { status: measured.status, code: measured.code }, report: measured };
  const status = scenario.servers.legacy.unknownSessionStatus;
  return { signal: { status, code: REFERENCE_CODES[status] }, report: { status, code: REFERENCE_CODES[status], source: 'reference server', conforming: status === 404 } };
}

/**
 * Before the first cell, for each model of the matrix whose server is not the reference server (your
 * own, or an external deployment): one replica (platform process/docker: a one-replica topology of its
 * own, stopped again; external: the deployment) is asked for its tools — every workload tool must exist
 * and its arguments fit its inputSchema, else exit 2 quoting the schema — and, for the session-based
 * model, what it answers to a session id nobody minted: 404 is the spec's "session lost"; anything else
 * is reported as non-conforming and then counted as a lost session. Reference servers are known: their
 * tools are checked by the scenario schema and their answer is their own option.
 */
export async function serverPreflight(scenario: ResolvedScenario, models: readonly ProtocolModelName[], platform: Platform, runId: string, runDir: string, signal: AbortSignal): Promise<ServerPreflight> {
  const facts = new Map<ProtocolModelName, ServerFacts>();
  const warnings: string[] = [];
  let tools = scenario.workload.tools;
  for (const model of models) {
    if (!probes(scenario, model)) {
      facts.set(model, model === 'legacy' ? { lostSession: lostSessionFacts(scenario, undefined) } : {});
      continue;
    }
    signal.throwIfAborted();
    const topology = await platform.start(
      { runId, cellId: `preflight.${model}`, model, replicas: 1, policy: 'round-robin', balancer: scenario.balancer.implementation, servers: scenario.servers, workDir: path.join(runDir, 'preflight', model), tuning: scenario.balancer },
      signal,
    );
    try {
      const client = new PreflightClient(topology.balancer.url, model);
      let listed;
      let measured: LostSessionReport | undefined;
      try {
        try {
          await client.open();
          listed = await client.listTools();
        } catch (e) {
          // A deployment behind a balancer that does not keep sessions (round robin) cannot hold even the
          // probe's session: its tools go unchecked, said in the warnings; a replica of our own must answer.
          if (scenario.platform !== 'external') throw e;
          warnings.push(`${model}: the deployment's tools were not checked before the run (${e instanceof Error ? e.message : String(e)}; a session-based deployment behind a balancer without affinity cannot hold the probe's session)`);
        }
        if (model === 'legacy') {
          const lost = await client.unknownSession();
          measured = {
            status: lost.status,
            ...(lost.rpc.kind === 'error' ? { code: lost.rpc.code, message: lost.rpc.message } : {}),
            source: 'measured',
            conforming: lost.status === 404,
          };
        }
        await client.close();
      } catch (e) {
        throw new HarnessError('E_PROCESS_START', `the preflight could not talk MCP to your ${model} server: ${e instanceof Error ? e.message : String(e)}`, {
          cause: e,
          hint: 'The server started and answered its readiness probe, but not the session, tools/list or unknown-session requests; run it by hand and try them.',
        });
      }
      if (listed !== undefined) {
        const problems = checkTools(tools, listed);
        if (problems.length > 0) throw toolProblemsError(model, problems);
        const generated = withGeneratedArguments(tools, listed, scenario.seed);
        if (generated.problems.length > 0) throw toolProblemsError(model, generated.problems);
        tools = generated.entries;
      } else if (tools.some((t) => t.argumentsFrom?.kind === 'schema')) {
        throw new HarnessError('E_SCENARIO_INVALID', `argumentsFrom.schema needs the ${model} server's tool schemas, and its tools/list could not be read`, {
          hint: 'Give the arguments as a list or sequence for this deployment, or run against one replica (or behind sticky-session-id).',
        });
      }
      facts.set(model, model === 'legacy' ? { lostSession: lostSessionFacts(scenario, measured) } : {});
    } finally {
      await topology.stop();
    }
  }
  return { scenario: tools === scenario.workload.tools ? scenario : { ...scenario, workload: { ...scenario.workload, tools } }, facts, warnings };
}

