/** The HTTP exchanges a protocol model performs, each with its own histograms and counters. */
export const REQUEST_STEPS = [
  'initialize',
  'initialized',
  // 2026-07-28 SDK clients: one server/discover per connect (client profile sdk)
  'discover',
  'sse-open',
  'list',
  'call',
  'delete',
  // explicit handles (SEP-2567): create_basket, add_item, checkout
  'handle-create',
  'handle-use',
  'handle-close',
  // Tasks extension: tools/call answered with a task, tasks/get polls, tasks/cancel
  'task-start',
  'task-poll',
  'task-cancel',
] as const;
export type RequestStep = (typeof REQUEST_STEPS)[number];

/** Whole-session timings derived from several exchanges. */
export const SESSION_TIMINGS = ['session-setup', 'session', 'task-result'] as const;
export type SessionTiming = (typeof SESSION_TIMINGS)[number];

/** Why a logical session did not complete. */
export type SessionFailureReason =
  | 'session-lost' // 404 again after re-initializing, or during re-initialization
  | 'initialize-failed'
  | 'discover-failed' // server/discover failed: a 2026-07-28 SDK client cannot connect
  | 'timeout'
  | 'transport-error'
  | 'http-error'
  | 'jsonrpc-error'
  | 'tool-error'
  | 'handle-not-found'
  | 'task-not-found'
  | 'task-timeout'
  | 'store-unavailable'
  | 'aborted';

export type SessionOutcome =
  | { readonly kind: 'ok' }
  /** Lost its session at least once, re-initialized, and completed every operation. */
  | { readonly kind: 'recovered' }
  | { readonly kind: 'failed'; readonly reason: SessionFailureReason };
