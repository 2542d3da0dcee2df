/**
 * Failure classes of the per-second series: what an operator asks of a fault ("did clients see 404s,
 * resets, timeouts or 5xx?"). Classified from the status and the transport error class, never from text.
 */
export const FAILURE_CLASSES = ['404', 'reset', 'timeout', '5xx', 'other'] as const;
export type FailureClass = (typeof FAILURE_CLASSES)[number];
export type FailureClassCounts = Partial<Record<FailureClass, number>>;

/**
 * `reset` covers every connection that broke or could not be made (reset, refused, closed socket):
 * to a client they are the same event, a replica or balancer that went away.
 */
export function failureClassOf(status: number, failure: string | undefined): FailureClass {
  if (status === 404) return '404';
  if (status >= 500) return '5xx';
  if (status === 0) {
    if (failure === 'timeout') return 'timeout';
    if (failure === 'connection-reset' || failure === 'connection-refused' || failure === 'socket') return 'reset';
  }
  return 'other';
}

/** Sums class counts (merging threads' intervals); undefined when neither side has any. */
export function addFailureClasses(a: FailureClassCounts | undefined, b: FailureClassCounts | undefined): FailureClassCounts | undefined {
  if (!a) return b && { ...b };
  if (!b) return { ...a };
  const out: FailureClassCounts = { ...a };
  for (const c of FAILURE_CLASSES) if (b[c] !== undefined) out[c] = (out[c] ?? 0) + (b[c] ?? 0);
  return out;
}
