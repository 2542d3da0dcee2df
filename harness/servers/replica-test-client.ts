import { request } from 'undici';
import { STATS_PATH, MCP_PATH, type ReplicaStats } from './replica-contract.js';

/**
 * A deliberately raw HTTP client for the replica's integration tests and smoke checks: it sends
 * exactly the headers it is given (no SDK behaviour hidden in between) and returns what came back.
 */
export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
}

export const JSON_AND_SSE = 'application/json, text/event-stream';

export async function rawMcp(baseUrl: string, method: 'POST' | 'GET' | 'DELETE' | 'PUT', headers: Record<string, string>, body?: unknown): Promise<RawResponse> {
  const res = await request(baseUrl + MCP_PATH, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

export function postMcp(baseUrl: string, body: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  return rawMcp(baseUrl, 'POST', { accept: JSON_AND_SSE, ...headers }, body);
}

/** The JSON-RPC messages of a response body, whether it is one JSON object or an SSE stream. */
export function jsonRpcMessages(response: RawResponse): unknown[] {
  const type = String(response.headers['content-type'] ?? '');
  if (type.startsWith('application/json')) return [JSON.parse(response.text) as unknown];
  if (!type.startsWith('text/event-stream')) throw new Error(`not a JSON-RPC response (content-type "${type}", status ${response.status})`);
  const messages: unknown[] = [];
  for (const event of response.text.split(/\r?\n\r?\n/)) {
    const data = event
      .split(/\r?\n/)
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trimStart())
      .join('\n');
    if (data !== '') messages.push(JSON.parse(data) as unknown);
  }
  return messages;
}

/** The single JSON-RPC message of a response (throws if there is not exactly one). */
export function onlyMessage(response: RawResponse): Record<string, unknown> {
  const messages = jsonRpcMessages(response);
  if (messages.length !== 1) throw new Error(`expected one JSON-RPC message, got ${messages.length}: ${response.text}`);
  return messages[0] as Record<string, unknown>;
}

export async function fetchStats(baseUrl: string): Promise<ReplicaStats> {
  const res = await request(baseUrl + STATS_PATH);
  if (res.statusCode !== 200) throw new Error(`${STATS_PATH} answered ${res.statusCode}`);
  return (await res.body.json()) as ReplicaStats;
}
