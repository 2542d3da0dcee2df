import { request } from 'undici';
import { HarnessError } from '../errors/harness-error.js';
import { waitFor, WaitTimeoutError } from '../proc/wait-for.js';
import { jsonRpcOutcome } from '../protocol/jsonrpc-response.js';
import { MCP_PATH, type ServerModel } from '../servers/replica-contract.js';
import { mcpProbeRequest } from '../servers/mcp-probe-requests.js';

/** What a server said about itself in its answer to the probe (initialize / server/discover). */
export interface McpServerIdentity {
  readonly name: string;
  readonly version: string;
}

const PROBE_TIMEOUT_MS = 2_000;

function identityOf(result: Record<string, unknown>): McpServerIdentity | undefined {
  // initialize: result.serverInfo; server/discover: the same, or the 2026 envelope's _meta serverInfo.
  const meta = result['_meta'] as Record<string, unknown> | undefined;
  const info = (result['serverInfo'] ?? meta?.['io.modelcontextprotocol/serverInfo']) as { name?: unknown; version?: unknown } | undefined;
  return typeof info?.name === 'string' ? { name: info.name, version: typeof info.version === 'string' ? info.version : '?' } : undefined;
}

/**
 * One MCP probe of a server at `baseUrl`: resolves with what it said about itself when it answered the
 * probe with a JSON-RPC result, throws (with what it answered instead) otherwise. A session the legacy
 * probe opened is closed again (DELETE), so probing leaves nothing on a server that never expires them.
 */
export async function mcpProbe(baseUrl: string, model: ServerModel, timeoutMs = PROBE_TIMEOUT_MS): Promise<McpServerIdentity> {
  const probe = mcpProbeRequest(model);
  const res = await request(baseUrl + probe.path, { method: probe.method, headers: probe.headers, body: probe.body, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  const contentType = res.headers['content-type'];
  // SSE answers stay open on some servers after the result; read until the result, not to the end.
  const text = await readUntilAnswer(res.body, probe.rpcId, typeof contentType === 'string' ? contentType : undefined);
  const outcome = jsonRpcOutcome(typeof contentType === 'string' ? contentType : undefined, text, probe.rpcId);
  const session = res.headers['mcp-session-id'];
  if (typeof session === 'string' && session !== '') {
    await request(baseUrl + MCP_PATH, { method: 'DELETE', headers: { 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs })
      .then((r) => r.body.dump())
      .catch(() => undefined);
  }
  if (res.statusCode !== 200 || outcome.kind !== 'result') {
    const what = outcome.kind === 'error' ? `JSON-RPC error ${outcome.code} ${outcome.message}` : outcome.kind === 'result' ? 'a result' : `${outcome.kind} body`;
    throw new Error(`HTTP ${res.statusCode} with ${what} to ${model === 'legacy' ? 'initialize' : 'server/discover'}`);
  }
  return identityOf(outcome.result) ?? { name: 'unnamed server', version: '?' };
}

async function readUntilAnswer(body: AsyncIterable<Buffer> & { destroy(): unknown }, rpcId: number, contentType: string | undefined): Promise<string> {
  let text = '';
  for await (const chunk of body) {
    text += chunk.toString('utf8');
    if (contentType?.startsWith('text/event-stream') && jsonRpcOutcome(contentType, text, rpcId).kind !== 'none') {
      body.destroy();
      break;
    }
  }
  return text;
}

export interface McpReadinessOptions {
  /** e.g. "replica r2 (your server)". */
  readonly who: string;
  readonly baseUrl: string;
  readonly model: ServerModel;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  /** Resolves when the server's process is gone: the wait ends at once, quoting its output. */
  readonly exited?: Promise<string> | undefined;
  /** Its last output lines (stderr and stdout), for the error. */
  readonly recentOutput: () => readonly string[];
  /** What starts it, for the hint. */
  readonly command: string;
}

/**
 * Polls the MCP probe until the server answers it, the deadline passes or the process exits; the
 * error says which, with the probe's last answer and the server's own last output.
 */
export async function waitForMcpReady(o: McpReadinessOptions): Promise<McpServerIdentity> {
  let exitedDetail: string | undefined;
  // A process that is gone ends the wait at once (not at the deadline).
  const gone = new AbortController();
  void o.exited?.then((d) => {
    exitedDetail = d;
    gone.abort(new Error(d));
  });
  const signal = o.signal ? AbortSignal.any([o.signal, gone.signal]) : gone.signal;
  const details = (last: unknown): string[] => {
    const output = o.recentOutput();
    return [
      ...(last instanceof Error ? [`last probe: ${last.message}`] : []),
      ...(output.length > 0 ? ['its last output:', ...output.slice(-10)] : ['it printed nothing']),
    ];
  };
  try {
    return await waitFor(
      () => mcpProbe(o.baseUrl, o.model, Math.min(PROBE_TIMEOUT_MS, o.timeoutMs)),
      { timeoutMs: o.timeoutMs, intervalMs: 50, what: `${o.who} MCP probe`, signal },
    );
  } catch (e) {
    if (exitedDetail !== undefined) {
      throw new HarnessError('E_PROCESS_EXIT', `${o.who} exited before it answered an MCP ${o.model === 'legacy' ? 'initialize' : 'server/discover'} (${exitedDetail})`, {
        details: details(undefined),
        hint: `Run it by hand to see why: ${o.command}`,
      });
    }
    if (o.signal?.aborted) throw e;
    const last = e instanceof WaitTimeoutError ? e.lastError : e;
    throw new HarnessError('E_READINESS_TIMEOUT', `${o.who} did not answer an MCP ${o.model === 'legacy' ? 'initialize' : 'server/discover'} at ${o.baseUrl}${MCP_PATH} within ${o.timeoutMs} ms`, {
      details: details(last),
      hint: `Check that it listens on the port the harness gave it ({port}) and serves MCP at ${MCP_PATH}; run it by hand: ${o.command}. A slow server needs a longer servers.readinessTimeout.`,
    });
  }
}
