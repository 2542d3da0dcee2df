import type { ProtocolModelName } from '../config/resolved-scenario.js';
import type { DueQueue } from '../load/due-queue.js';
import type { HttpClient } from '../load/http-client.js';
import type { CellRecorder } from '../metrics/cell-recorder.js';
import type { SessionFailureReason } from '../metrics/steps.js';
import type { LogicalOperation } from '../workload/logical-session.js';
import type { CookieJar } from './cookie-jar.js';

export interface SessionContext {
  readonly http: HttpClient;
  readonly recorder: CellRecorder;
  /**
   * False while the work belongs to the warm-up: its samples are counted for reconciliation only.
   * Mutable: a long-lived client (requests-rate executor) flips it per operation.
   */
  measured: boolean;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  /** This client's cookies (balancer-inserted affinity cookies), or undefined for a cookie-less client. */
  readonly cookies: CookieJar | undefined;
  /** The thread's timer queue: think times and poll intervals wait on it (never woken early). */
  readonly timers: DueQueue;
  /** When this session's first request went out (performance.now() ms): where session latency starts. */
  firstSentMs: number | undefined;
}

export type OpResult =
  | { readonly ok: true; readonly doneMs: number }
  /** `broken`: the client session cannot go on (e.g. lost again right after re-initializing). */
  | { readonly ok: false; readonly doneMs: number; readonly reason: SessionFailureReason; readonly broken: boolean };

/** One client's protocol session, open: performs operations, then ends. */
export interface ClientSession {
  /** `jitter` spreads waits the protocol imposes (task polling) around their nominal length. */
  perform(op: LogicalOperation, intendedMs: number, jitter?: () => number): Promise<OpResult>;
  /** Ends the session the protocol's way (legacy: DELETE); resolves with when it was done. */
  close(intendedMs: number): Promise<number>;
  /** Drops the session without the protocol's goodbye (it failed, or the run is stopping). */
  abandon(): void;
  /** Lost its session at least once and recovered by re-initializing. */
  readonly recovered: boolean;
}

export type OpenResult =
  | { readonly ok: true; readonly session: ClientSession; readonly doneMs: number }
  | { readonly ok: false; readonly reason: SessionFailureReason; readonly doneMs: number };

/** Renders logical operations into HTTP exchanges of one protocol revision, recording every exchange. */
export interface ProtocolModel {
  readonly name: ProtocolModelName;
  /** Protocol revision string sent on the wire, e.g. "2025-11-25". */
  readonly protocolVersion: string;
  /** Whether opening a session costs requests (a handshake) worth timing as "session-setup". */
  readonly hasHandshake: boolean;
  open(ctx: SessionContext, intendedMs: number): Promise<OpenResult>;
}

export const CLIENT_INFO = { name: 'mcp-lb-bench', version: '0.1.0' } as const;
