import { createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { registerBasketTools, type BasketToolsOptions } from './basket-tools.js';
import { echoInput, REFERENCE_SERVER_INFO, runEcho, runSleep, runWork, sleepInput, TOOL_DESCRIPTIONS, workInput } from './reference-tools.js';
import type { ReplicaModel } from './replica-model.js';
import { registerTasksExtension, type TasksExtensionOptions } from './tasks-extension.js';

export interface StatelessModelOptions {
  /** Failures the SDK answered with 500 itself (its adapter swallows them otherwise). */
  readonly onInternalError?: (error: Error) => void;
  /** `--handle-store`: the basket tools (SEP-2567 explicit handles). */
  readonly baskets?: BasketToolsOptions;
  /** `--task-store`: slow_job and the Tasks extension. */
  readonly tasks?: TasksExtensionOptions;
  /** Extra work on close (the stores' connections and the task runner's timers). */
  readonly onClose?: () => Promise<void>;
}

/**
 * The 2026-07-28 model on the v2 SDK with its defaults (envelope and Mcp-Method/Mcp-Name validation,
 * response mode 'auto', legacy fallback 'stateless'). The factory runs once per request: that per-request
 * server construction is how the SDK serves this model, and part of what the benchmark measures.
 */
export function createStatelessModel(options: StatelessModelOptions = {}): ReplicaModel {
  const { baskets, tasks } = options;
  // Picked once: without state strategies the factory is exactly the headline server's.
  const factory =
    baskets === undefined && tasks === undefined
      ? buildStatelessMcpServer
      : (): McpServer => {
          const server = buildStatelessMcpServer();
          if (baskets !== undefined) registerBasketTools(server, baskets);
          if (tasks !== undefined) registerTasksExtension(server, tasks);
          return server;
        };
  const handler = createMcpHandler(factory);
  const nodeHandler = toNodeHandler(handler, options.onInternalError ? { onerror: options.onInternalError } : undefined);
  return {
    model: 'stateless',
    handle: (req, res, body) => nodeHandler(req, res, body),
    sessionStats: () => undefined,
    close: async () => {
      await handler.close();
      await options.onClose?.();
    },
  };
}

function buildStatelessMcpServer(): McpServer {
  const server = new McpServer(REFERENCE_SERVER_INFO);
  server.registerTool('echo', { description: TOOL_DESCRIPTIONS.echo, inputSchema: echoInput }, (args) => runEcho(args));
  server.registerTool('work', { description: TOOL_DESCRIPTIONS.work, inputSchema: workInput }, (args) => runWork(args));
  server.registerTool('sleep', { description: TOOL_DESCRIPTIONS.sleep, inputSchema: sleepInput }, (args, ctx) => runSleep(args, ctx.mcpReq.signal));
  return server;
}
