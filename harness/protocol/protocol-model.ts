import type { ProtocolModelName } from '../config/resolved-scenario.js';
import type { HttpClient } from '../load/http-client.js';
import type { CellRecorder } from '../metrics/cell-recorder.js';
import type { SessionOutcome } from '../metrics/steps.js';
import type { LogicalSession } from '../workload/logical-session.js';

export interface SessionContext {
  readonly http: HttpClient;
  readonly recorder: CellRecorder;
  /** False for sessions of the warm-up phase: their samples are counted for reconciliation only. */
  readonly measured: boolean;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  /** When the session should have started (open model: from the schedule), performance.now() clock. */
  readonly intendedStartMs: number;
}

/** Renders a logical session into HTTP exchanges of one protocol revision, recording every exchange. */
export interface ProtocolModel {
  readonly name: ProtocolModelName;
  /** Protocol revision string sent on the wire, e.g. "2025-11-25". */
  readonly protocolVersion: string;
  runSession(session: LogicalSession, ctx: SessionContext): Promise<SessionOutcome>;
}

export const CLIENT_INFO = { name: 'mcp-lb-bench', version: '0.1.0' } as const;
