import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ReplicaStats, ServerModel, StoreStats } from './replica-contract.js';

/**
 * One protocol model behind the shared HTTP front. The front has already answered admin paths,
 * set X-Replica-Id, read and parsed a POST body; the model answers the MCP request.
 */
export interface ReplicaModel {
  readonly model: ServerModel;
  /**
   * Serve one request on the MCP path. `body` is the parsed JSON of a POST (undefined for other
   * verbs, whose streams are left unread). Resolving without having written a status, or rejecting,
   * makes the front answer 500.
   */
  handle(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void>;
  /** Session gauges for /-/stats; undefined for models without sessions. */
  sessionStats(): ReplicaStats['sessions'];
  /** Ends every session and stream the model holds (used on shutdown). */
  close(): Promise<void>;
  /** With a shared store (state strategies): its op counts and failures for /-/stats. */
  storeStats?(): StoreStats;
  /** With a state strategy: its counters (state-contract.ts STATE_COUNTER_KEYS) for /-/stats. */
  stateStats?(): Record<string, number>;
}
