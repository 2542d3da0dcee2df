import { createServer, type IncomingMessage, type Server } from 'node:http';
import { HEALTH_PATH, MCP_PATH, REPLICA_ID_HEADER, STATS_PATH, type ReplicaStats } from './replica-contract.js';
import { countedResponseClass, type CountedResponse } from './counted-response.js';
import { BODY_ABORTED, BODY_TOO_LARGE, DEFAULT_MAX_BODY_BYTES, readJsonBody } from './read-json-body.js';
import { methodKeyOf, toolNameOf, UNPARSEABLE_BODY, type RequestCounter } from './request-counter.js';
import { BODY_TOO_LARGE_ERROR, INTERNAL_ERROR, NOT_FOUND, PARSE_ERROR, sendCanned, sendJson } from './json-responses.js';
import type { ReplicaModel } from './replica-model.js';
import { dnsRebindingGuard } from './dns-rebinding-guard.js';

export interface ReplicaHttpOptions {
  readonly replicaId: string;
  readonly model: ReplicaModel;
  readonly counter: RequestCounter;
  readonly stats: () => ReplicaStats;
  readonly maxBodyBytes?: number;
  /** Unexpected failures (an SDK handler threw or never answered). Not called for client errors. */
  readonly onInternalError?: (error: Error, methodKey: string) => void;
  /** Host (and Origin) names the MCP endpoint accepts; default localhost, 127.0.0.1, [::1]. */
  readonly allowedHostnames?: readonly string[];
}

/** Balancers pool upstream connections; keep ours open longer than their idle timeouts (often 60 s). */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
const HEADERS_TIMEOUT_MS = KEEP_ALIVE_TIMEOUT_MS + 1_000;
const OK_BODY = Buffer.from('ok');

/**
 * The replica's plain node:http front: admin endpoints, X-Replica-Id on every response, request
 * counting, one JSON parse per POST, and a guaranteed status (500) when the model fails.
 */
export function createReplicaHttpServer(options: ReplicaHttpOptions): Server {
  const { replicaId, model, stats } = options;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const onInternalError = options.onInternalError;
  // Only the MCP endpoint: the admin paths answer the harness's and balancers' probes, which send no Host.
  const guard = dnsRebindingGuard(options.allowedHostnames);

  const dispatch = (req: IncomingMessage, res: CountedResponse, body: unknown): void => {
    model.handle(req, res, body).then(
      () => {
        if (!res.headersSent && !res.destroyed) fail(res, new Error(`${model.model} model resolved without answering ${req.method} ${req.url}`));
      },
      (error: unknown) => fail(res, error instanceof Error ? error : new Error(String(error))),
    );
  };

  const fail = (res: CountedResponse, error: Error): void => {
    onInternalError?.(error, res.methodKey ?? '?');
    if (res.destroyed) return;
    if (res.headersSent) {
      // The status is already out (and counted); cutting the stream is the only honest signal left.
      res.destroy();
      return;
    }
    sendCanned(res, INTERNAL_ERROR);
  };

  const server = createServer<typeof IncomingMessage, ReturnType<typeof countedResponseClass>>(
    { ServerResponse: countedResponseClass(options.counter) },
    (req, res) => {
      res.setHeader(REPLICA_ID_HEADER, replicaId);
      const path = pathOf(req.url);
      if (path === HEALTH_PATH) {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': OK_BODY.length });
        res.end(OK_BODY);
        return;
      }
      if (path === STATS_PATH) {
        sendJson(res, 200, stats());
        return;
      }
      const verb = req.method ?? 'UNKNOWN';
      res.methodKey = verb;
      if (path !== MCP_PATH) {
        sendCanned(res, NOT_FOUND);
        return;
      }
      if (!guard(req, res)) return; // answered 403 (counted under the verb): a foreign Host or Origin
      if (verb !== 'POST') {
        dispatch(req, res, undefined);
        return;
      }
      void readJsonBody(req, maxBodyBytes).then((body) => {
        if (body === BODY_ABORTED) return; // the response's close event counts it as aborted
        res.methodKey = methodKeyOf(verb, body);
        const tool = toolNameOf(res.methodKey, body);
        if (tool !== undefined) options.counter.countToolCall(tool);
        if (body === BODY_TOO_LARGE) sendCanned(res, BODY_TOO_LARGE_ERROR);
        else if (body === UNPARSEABLE_BODY) sendCanned(res, PARSE_ERROR);
        else dispatch(req, res, body);
      });
    },
  );
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  return server;
}

function pathOf(url: string | undefined): string {
  if (url === undefined) return '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
