import { createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { echoInput, REFERENCE_SERVER_INFO, runEcho, runSleep, runWork, sleepInput, TOOL_DESCRIPTIONS, workInput } from './reference-tools.js';
import type { ReplicaModel } from './replica-model.js';

export interface StatelessModelOptions {
  /** Failures the SDK answered with 500 itself (its adapter swallows them otherwise). */
  readonly onInternalError?: (error: Error) => void;
}

/**
 * The 2026-07-28 model on the v2 SDK with its defaults (envelope and Mcp-Method/Mcp-Name validation,
 * response mode 'auto', legacy fallback 'stateless'). The factory runs once per request: that per-request
 * server construction is how the SDK serves this model, and part of what the benchmark measures.
 */
export function createStatelessModel(options: StatelessModelOptions = {}): ReplicaModel {
  const handler = createMcpHandler(buildStatelessMcpServer);
  const nodeHandler = toNodeHandler(handler, options.onInternalError ? { onerror: options.onInternalError } : undefined);
  return {
    model: 'stateless',
    handle: (req, res, body) => nodeHandler(req, res, body),
    sessionStats: () => undefined,
    close: () => handler.close(),
  };
}

function buildStatelessMcpServer(): McpServer {
  const server = new McpServer(REFERENCE_SERVER_INFO);
  server.registerTool('echo', { description: TOOL_DESCRIPTIONS.echo, inputSchema: echoInput }, (args) => runEcho(args));
  server.registerTool('work', { description: TOOL_DESCRIPTIONS.work, inputSchema: workInput }, (args) => runWork(args));
  server.registerTool('sleep', { description: TOOL_DESCRIPTIONS.sleep, inputSchema: sleepInput }, (args, ctx) => runSleep(args, ctx.mcpReq.signal));
  return server;
}
