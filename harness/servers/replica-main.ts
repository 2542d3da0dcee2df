/**
 * Process entry of a reference MCP replica (see replica-contract.ts for what the harness relies on).
 * Prints exactly one JSON line on stdout (the ready line) and nothing per request; fatal problems go
 * to stderr with the exit code of their HarnessError (2 for bad arguments).
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExitCode, HarnessError, isHarnessError } from '../errors/harness-error.js';
import { parseReplicaArgs, type ReplicaOptions } from './replica-args.js';
import { createReplicaHttpServer } from './replica-http.js';
import type { ReplicaModel } from './replica-model.js';
import { createReplicaModel } from './replica-model-factory.js';
import { formatFinalStatsLine, formatReadyLine } from './replica-ready-line.js';
import { replicaStatsSource } from './replica-stats.js';
import { RequestCounter } from './request-counter.js';
import { sdkVersionsFor } from './sdk-versions.js';
import { watchStdinLifeline } from './stdin-lifeline.js';

/** In-flight requests get this long after a shutdown request before their connections are cut. */
const SHUTDOWN_GRACE_MS = 1_000;
/** Internal errors printed before the rest are only counted (a broken SDK path under load would flood stderr). */
const INTERNAL_ERRORS_PRINTED = 5;

async function main(): Promise<void> {
  const options = parseReplicaArgs(process.argv.slice(2));
  const prefix = `replica ${options.replicaId} (${options.model}, pid ${process.pid})`;
  let internalErrors = 0;
  const reportInternalError = (error: Error, context: string): void => {
    internalErrors++;
    if (internalErrors <= INTERNAL_ERRORS_PRINTED) process.stderr.write(`${prefix}: internal error serving ${context}: ${error.stack ?? error.message}\n`);
    if (internalErrors === INTERNAL_ERRORS_PRINTED) process.stderr.write(`${prefix}: further internal errors are counted as 500s in /-/stats but not printed\n`);
  };

  const counter = new RequestCounter();
  const model = await createReplicaModel(options, (e) => reportInternalError(e, 'an MCP request (SDK adapter)'));
  const stats = replicaStatsSource(options.replicaId, model, counter);
  const server = createReplicaHttpServer({
    replicaId: options.replicaId,
    model,
    counter,
    stats,
    onInternalError: (e, methodKey) => reportInternalError(e, methodKey),
    ...(options.allowedHosts ? { allowedHostnames: options.allowedHosts } : {}),
  });

  await listen(server, options);
  const shutdown = shutdownOnce(server, model, () => formatFinalStatsLine(stats()));
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  watchStdinLifeline(shutdown);

  const port = (server.address() as AddressInfo).port;
  process.stdout.write(formatReadyLine({
    event: 'ready',
    replicaId: options.replicaId,
    model: options.model,
    host: options.host,
    port,
    pid: process.pid,
    sdk: sdkVersionsFor(options.model),
  }) + '\n');
}

async function listen(server: Server, options: ReplicaOptions): Promise<void> {
  server.listen(options.port, options.host);
  try {
    await once(server, 'listening');
  } catch (e) {
    throw new HarnessError('E_PROCESS_START', `replica ${options.replicaId} cannot listen on ${options.host}:${options.port}: ${(e as Error).message}`, {
      cause: e,
      hint: 'Pass --port 0 to let the OS pick a free port, or check that --host is an address of this machine.',
    });
  }
}

/**
 * Stop accepting, end sessions (so GET streams finish), give in-flight requests a moment, print the
 * final counts (the harness banks them: a replica restarted mid-cell still reconciles exactly), exit 0.
 */
function shutdownOnce(server: Server, model: ReplicaModel, finalStatsLine: () => string): () => void {
  let started = false;
  return () => {
    if (started) return;
    started = true;
    server.close(() => process.stdout.write(finalStatsLine() + '\n', () => process.exit(ExitCode.ok)));
    server.closeIdleConnections();
    const cut = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    cut.unref();
    void model.close().finally(() => server.closeIdleConnections());
  };
}

main().catch((e: unknown) => {
  if (isHarnessError(e)) {
    process.stderr.write(`replica: ${e.message}\n${e.hint ? `hint: ${e.hint}\n` : ''}`);
    process.exit(e.exitCode);
  }
  process.stderr.write(`replica: fatal: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(ExitCode.internal);
});
