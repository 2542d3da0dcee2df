import type { ClientSpec, FlowName, ProtocolModelName, WorkloadSpec } from '../config/resolved-scenario.js';

/** Requests of the legacy handshake: initialize, notifications/initialized, GET stream. */
const LEGACY_SETUP_REQUESTS = 3;

/**
 * The longest one logical session can legitimately take, when every request runs into the client
 * timeout: the bound on how long in-flight sessions may drain after the last start before they are
 * aborted (and counted as such). Derived from the workload, not guessed:
 * - legacy: the handshake, then per operation the request, a re-initialization and the retry (the
 *   client recovers once per loss), and the DELETE;
 * - stateless tools: one request per operation; basket: create, the uses, checkout;
 * - tasks: per task the start, then polls until the job's time plus two timeouts (the model's own
 *   bound), a cancel, each poll up to one timeout;
 * plus every think time at its longest (thinkTime × (1 + jitter)).
 */
export function sessionTimeBoundMs(model: ProtocolModelName, flow: FlowName, workload: WorkloadSpec, client: ClientSpec): number {
  const timeout = client.timeoutMs;
  const operations = workload.callsPerSession + (workload.listTools ? 1 : 0) + (flow === 'basket' ? 2 : 0);
  const thinkMs = operations * workload.thinkTimeMs * (1 + workload.thinkTimeJitter);
  if (model === 'legacy') {
    const requests = LEGACY_SETUP_REQUESTS + operations * (1 + LEGACY_SETUP_REQUESTS + 1) + 1;
    return requests * timeout + thinkMs;
  }
  if (flow === 'tasks') {
    // Polling stops at the job's time plus two timeouts; the start, a cancel and the last poll may each take a timeout.
    const perTask = workload.taskJobMs + 2 * timeout + 3 * timeout;
    return workload.callsPerSession * perTask + thinkMs;
  }
  return operations * timeout + thinkMs;
}
