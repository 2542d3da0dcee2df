import { request } from 'undici';
import { startRedisProcess, type StartedRedis } from '../../platform/redis-process.js';
import { MCP_PATH } from '../replica-contract.js';
import { startReplicaFixture, type ReplicaFixture } from '../replica-fixture.js';
import { JSON_AND_SSE, onlyMessage, postMcp, type RawResponse } from '../replica-test-client.js';
import { TASKS_EXTENSION_ID } from '../state-contract.js';

/** Test helpers for the state strategies: a private redis-server, replicas wired to it, raw wire calls. */
export const RUN_ID = `state-int-${process.pid}`;
export const LEGACY_VERSION = '2025-11-25';
export const MODERN_VERSION = '2026-07-28';

export async function startTestRedis(): Promise<StartedRedis> {
  return startRedisProcess({ runId: RUN_ID, readinessTimeoutMs: 10_000 });
}

export async function startReplica(id: string, model: 'legacy' | 'stateless', extraArgs: readonly string[]): Promise<ReplicaFixture> {
  return startReplicaFixture({ runId: RUN_ID, args: ['--model', model, '--id', id, ...extraArgs] });
}

// ---- legacy (2025-11-25) ----

export const initializeBody = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: LEGACY_VERSION, capabilities: {}, clientInfo: { name: 'state-int', version: '1' } } };

export async function initializeSession(baseUrl: string): Promise<string> {
  const res = await postMcp(baseUrl, initializeBody);
  const sessionId = res.headers['mcp-session-id'];
  if (res.status !== 200 || typeof sessionId !== 'string') throw new Error(`initialize failed: ${res.status} ${res.text}`);
  return sessionId;
}

export function sessionHeaders(sessionId: string): Record<string, string> {
  return { 'mcp-session-id': sessionId, 'mcp-protocol-version': LEGACY_VERSION };
}

export function legacyCall(baseUrl: string, sessionId: string, id: number, name: string, args: Record<string, unknown>): Promise<RawResponse> {
  return postMcp(baseUrl, { jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } }, sessionHeaders(sessionId));
}

/** An open GET stream: collects the JSON-RPC messages it carries until it ends. */
export interface OpenStream {
  readonly status: number;
  readonly replicaId: string;
  readonly messages: unknown[];
  /** Resolves with the first message matching `predicate` (already received or yet to come). */
  next(predicate: (m: unknown) => boolean): Promise<unknown>;
  readonly ended: Promise<void>;
  close(): void;
}

export async function openGetStream(baseUrl: string, sessionId: string): Promise<OpenStream> {
  const controller = new AbortController();
  const res = await request(baseUrl + MCP_PATH, { method: 'GET', headers: { accept: 'text/event-stream', ...sessionHeaders(sessionId) }, signal: controller.signal });
  const messages: unknown[] = [];
  const waiters: Array<{ predicate: (m: unknown) => boolean; resolve: (m: unknown) => void }> = [];
  let partial = '';
  res.body.setEncoding('utf8');
  res.body.on('data', (chunk: string) => {
    const events = (partial + chunk).split('\n\n');
    partial = events.pop() ?? '';
    for (const event of events) {
      const data = event.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
      if (data === '') continue;
      const message = JSON.parse(data) as unknown;
      messages.push(message);
      for (const w of [...waiters]) if (w.predicate(message)) waiters.splice(waiters.indexOf(w), 1) && w.resolve(message);
    }
  });
  const ended = new Promise<void>((resolve) => {
    res.body.once('end', resolve);
    res.body.once('error', () => resolve());
    res.body.once('close', resolve);
  });
  return {
    status: res.statusCode,
    replicaId: String(res.headers['x-replica-id']),
    messages,
    ended,
    next: (predicate) => {
      const seen = messages.find(predicate);
      return seen !== undefined ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
    close: () => controller.abort(),
  };
}

// ---- stateless (2026-07-28) ----

export function envelope(withTasks: boolean): Record<string, unknown> {
  return {
    'io.modelcontextprotocol/protocolVersion': MODERN_VERSION,
    'io.modelcontextprotocol/clientInfo': { name: 'state-int', version: '1' },
    'io.modelcontextprotocol/clientCapabilities': withTasks ? { extensions: { [TASKS_EXTENSION_ID]: {} } } : {},
  };
}

let nextId = 100;

/** One 2026-07-28 request with the standard headers (Mcp-Name from params.name or params.taskId). */
export function modernRequest(baseUrl: string, method: string, params: Record<string, unknown>, options: { tasks?: boolean } = {}): Promise<RawResponse> {
  const name = typeof params['name'] === 'string' ? params['name'] : typeof params['taskId'] === 'string' ? params['taskId'] : undefined;
  return postMcp(
    baseUrl,
    { jsonrpc: '2.0', id: nextId++, method, params: { ...params, _meta: envelope(options.tasks ?? false) } },
    { 'mcp-protocol-version': MODERN_VERSION, 'mcp-method': method, ...(name !== undefined && { 'mcp-name': name }), accept: JSON_AND_SSE },
  );
}

export function modernCall(baseUrl: string, name: string, args: Record<string, unknown>, options: { tasks?: boolean } = {}): Promise<RawResponse> {
  return modernRequest(baseUrl, 'tools/call', { name, arguments: args }, options);
}

/** The `result` of a single-message response (throws on a JSON-RPC error). */
export function resultOf(res: RawResponse): Record<string, unknown> {
  const message = onlyMessage(res) as { result?: Record<string, unknown>; error?: unknown };
  if (message.result === undefined) throw new Error(`expected a result, got ${res.status} ${res.text}`);
  return message.result;
}
