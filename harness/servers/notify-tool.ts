import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { STATE_TOOL_NAMES } from './state-contract.js';
import { okResult, stateErrorResult, type StateToolResult } from './state-tool-results.js';
import { isStoreUnavailable } from './store/redis-store.js';
import type { StreamNotification } from './store/redis-session-store.js';

/** Delivers a server→client notification to a session's GET stream, wherever that stream is held. */
export interface SessionNotifier {
  /** Resolves with how many GET streams (replicas holding one) the message reached; 0 = nobody listening. */
  notify(sessionId: string, message: StreamNotification): Promise<number>;
  /** Called when the store failed (the tool answers store_unavailable). */
  onStoreUnavailable?(): void;
}

export const notifyInput = z.object({ text: z.string() });
export const NOTIFY_DESCRIPTION = 'notify: sends `text` as a notifications/message to this session\'s GET stream (on whichever replica holds it)';
/** `logger` of the notifications/message the notify tool sends. */
export const NOTIFY_LOGGER = 'mcp-lb-bench/notify';

/**
 * Registers `notify` on a legacy (v1) server. The message goes out *unrelated* to the calling request
 * (no relatedRequestId), which is what puts it on the standalone GET stream rather than the POST's
 * response stream: the server-to-client path a shared session store must carry across replicas.
 */
export function registerNotifyTool(server: McpServer, notifier: SessionNotifier, replicaId: string): void {
  server.registerTool(STATE_TOOL_NAMES.notify, { description: NOTIFY_DESCRIPTION, inputSchema: notifyInput }, async (args, extra): Promise<StateToolResult> => {
    const sessionId = extra.sessionId;
    if (sessionId === undefined) return stateErrorResult('handle_not_found', 'notify needs a session (call it with Mcp-Session-Id)');
    const message: StreamNotification = {
      jsonrpc: '2.0',
      method: 'notifications/message',
      params: { level: 'info', logger: NOTIFY_LOGGER, data: { text: args.text, fromReplica: replicaId } },
    };
    try {
      const delivered = await notifier.notify(sessionId, message);
      return okResult(`notified ${delivered} stream(s)`, { delivered });
    } catch (e) {
      if (!isStoreUnavailable(e)) throw e;
      notifier.onStoreUnavailable?.();
      return stateErrorResult('store_unavailable', e.message);
    }
  });
}
