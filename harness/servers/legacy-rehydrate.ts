import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { StoredSession } from './store/redis-session-store.js';

/**
 * Rebuilds a session on a replica that did not create it, by replaying its handshake into a fresh v1
 * transport + McpServer pair: the stored `initialize` request (the transport was built with
 * `sessionIdGenerator: () => storedId`, so it adopts the client's id), then `notifications/initialized`
 * if the client had sent it. The SDK does all the protocol work exactly as for a live client:
 * the transport sets its session id and initialized flag, the Server records the client's
 * capabilities and info and negotiates the same protocol version. Nothing private is *set*.
 *
 * The one liberty: the replay goes to the Node transport's inner web-standard transport
 * (`_webStandardTransport`, a private field in 1.32.2), whose public `handleRequest(Request)` takes a
 * Fetch Request; the Node wrapper only accepts a live IncomingMessage/ServerResponse pair.
 * `assertRehydrationSupported()` checks that layout once at startup, so an SDK upgrade that changes it
 * fails the replica's start, not a request under load.
 */
const INTERNAL_URL = 'http://replica.internal/mcp';
const ACCEPT = 'application/json, text/event-stream';
/** Request id of the replayed initialize; never seen by a client (its response is consumed here). */
const REPLAY_REQUEST_ID = 'mcp-lb-bench-rehydrate';

export async function replayHandshake(transport: StreamableHTTPServerTransport, sessionId: string, stored: StoredSession): Promise<void> {
  const web = webTransportOf(transport);
  const init = await web.handleRequest(new Request(INTERNAL_URL, { method: 'POST', headers: { accept: ACCEPT, 'content-type': 'application/json' } }), {
    parsedBody: { jsonrpc: '2.0', id: REPLAY_REQUEST_ID, method: 'initialize', params: stored.initializeParams },
  });
  // The SSE body ends once the initialize response is written; reading it also releases the stream.
  const text = await init.text();
  const protocolVersion = init.status === 200 ? negotiatedVersionOf(text) : undefined;
  if (protocolVersion === undefined) {
    throw new Error(`replaying initialize for session ${sessionId} failed: HTTP ${init.status} ${text.slice(0, 300)}`);
  }
  if (web.sessionId !== sessionId) throw new Error(`replayed session took id ${String(web.sessionId)} instead of ${sessionId}`);
  if (!stored.initialized) return;
  const initialized = await web.handleRequest(
    new Request(INTERNAL_URL, {
      method: 'POST',
      headers: { accept: ACCEPT, 'content-type': 'application/json', 'mcp-session-id': sessionId, 'mcp-protocol-version': protocolVersion },
    }),
    { parsedBody: { jsonrpc: '2.0', method: 'notifications/initialized' } },
  );
  await initialized.body?.cancel();
  if (initialized.status !== 202) throw new Error(`replaying notifications/initialized for session ${sessionId} failed: HTTP ${initialized.status}`);
}

/** Throws when the installed v1 SDK no longer has the layout replayHandshake relies on. */
export function assertRehydrationSupported(probe: StreamableHTTPServerTransport): void {
  webTransportOf(probe);
}

function webTransportOf(transport: StreamableHTTPServerTransport): WebStandardStreamableHTTPServerTransport {
  const web = (transport as unknown as { _webStandardTransport?: WebStandardStreamableHTTPServerTransport })._webStandardTransport;
  if (web === undefined || typeof web.handleRequest !== 'function') {
    throw new Error('the installed @modelcontextprotocol/sdk StreamableHTTPServerTransport has no _webStandardTransport.handleRequest; session rehydration needs 1.32.x (see legacy-rehydrate.ts)');
  }
  return web;
}

/** The protocolVersion of the InitializeResult in an SSE body (one `data:` line per message). */
function negotiatedVersionOf(sseText: string): string | undefined {
  for (const line of sseText.split('\n')) {
    if (!line.startsWith('data:')) continue;
    try {
      const message = JSON.parse(line.slice(5)) as { result?: { protocolVersion?: unknown } };
      if (typeof message.result?.protocolVersion === 'string') return message.result.protocolVersion;
    } catch {
      // priming events carry empty data
    }
  }
  return undefined;
}
