import { setMaxListeners } from 'node:events';
import type { ClientProfileName, FlowName, LoadSpec, ProtocolModelName, ResolvedScenario } from '../config/resolved-scenario.js';
import type { LostSessionSignal } from '../protocol/lost-session.js';
import { DueQueue } from '../load/due-queue.js';
import type { ExecutorReport, LoadShare } from '../load/executor.js';
import type { HttpClient } from '../load/http-client.js';
import { RawHttpClient } from '../load/raw-http-client.js';
import { CellRecorder } from '../metrics/cell-recorder.js';
import type { IntervalWire } from '../metrics/interval-series.js';
import type { MetricsWire } from '../metrics/metrics-wire.js';
import { CookieJar } from '../protocol/cookie-jar.js';
import { LegacyModel } from '../protocol/legacy-model.js';
import type { ProtocolModel, SessionContext } from '../protocol/protocol-model.js';
import { RawHttpModel } from '../protocol/raw-http-model.js';
import { StatelessModel } from '../protocol/stateless-model.js';
import { SessionGenerator } from '../workload/session-generator.js';
import { makeExecutor } from './plan.js';
import { requestsHandler, sessionsHandler } from './slot-handlers.js';
import { ThreadMonitor, type ThreadHealth } from './thread-health.js';

/** Everything a thread needs to generate its share of a cell's load: plain data, so it crosses to a worker. */
export interface ShareInput {
  readonly scenario: ResolvedScenario;
  /** `raw-http` is the benchmark's plain GET, not an MCP model. */
  readonly model: ProtocolModelName | 'raw-http';
  readonly flow: FlowName;
  /** The cell's load (its plan's, which a sizing step sets to its own rate), not necessarily scenario.load. */
  readonly load: LoadSpec;
  /** Balancer base URL, e.g. http://127.0.0.1:41234 */
  readonly origin: string;
  readonly share: LoadShare;
  /** When the load starts, as performance.timeOrigin + performance.now() (the same in every thread). */
  readonly startAtEpochMs: number;
  readonly drainTimeoutMs: number;
  /** How the clients behave (sdk or spec); absent = spec. */
  readonly profile?: ClientProfileName | undefined;
  /** Legacy: the target's answer for a session it does not know (404 always counts). */
  readonly lostSession?: LostSessionSignal | undefined;
}

export interface ShareOutput {
  readonly wire: MetricsWire;
  readonly report: ExecutorReport;
  readonly health: ThreadHealth;
  readonly queued: { readonly count: number; readonly maxWaitMs: number };
  /** The generator's lag over the measured window on this thread (compressed base64), for the verdict. */
  readonly windowLagHdr: string | undefined;
}

export type LiveCounters = CellRecorder['live'];

export interface ShareHooks {
  readonly signal: AbortSignal;
  /** Called once per second of load (and once at the end) with the interval that just ended. */
  onInterval(interval: IntervalWire, live: LiveCounters): void;
}

function modelFor(input: ShareInput): ProtocolModel {
  if (input.model === 'legacy') return new LegacyModel({ sseStream: input.scenario.workload.sseStream, profile: input.profile, lostSession: input.lostSession });
  if (input.model === 'raw-http') return new RawHttpModel();
  return new StatelessModel({ profile: input.profile });
}

/** Session i connects from 127.0.0.(2 + i mod N) when the scenario spreads source addresses (client-IP affinity). */
export function sourceAddressFor(index: number, spread: number): string | undefined {
  return spread <= 1 ? undefined : `127.0.0.${2 + (index % spread)}`;
}

function httpClients(origin: string, scenario: ResolvedScenario, share: LoadShare): HttpClient[] {
  const url = new URL(origin);
  const spread = scenario.client.sourceAddresses;
  const perShare = Math.max(1, Math.floor(scenario.client.maxConnections / share.count));
  const perClient = Math.max(1, Math.floor(perShare / spread));
  return Array.from({ length: spread }, (_, i) => new RawHttpClient({ host: url.hostname, port: Number(url.port), maxConnections: perClient, localAddress: sourceAddressFor(i, spread) }));
}

/**
 * Generates one share of a cell's load on the calling thread: the same code runs in the main thread
 * (generator.workers 0) and in each worker thread. Returns counters and histograms as a wire.
 */
export async function runShare(input: ShareInput, hooks: ShareHooks): Promise<ShareOutput> {
  const { scenario, share } = input;
  const startAtMs = input.startAtEpochMs - performance.timeOrigin;
  const load = input.load;
  const recorder = new CellRecorder({ startMs: startAtMs + load.warmupMs, endMs: startAtMs + load.warmupMs + load.durationMs });
  const timers = new DueQueue();
  timers.measureWindow(startAtMs + load.warmupMs, startAtMs + load.warmupMs + load.durationMs);
  const clients = httpClients(input.origin, scenario, share);
  const model = modelFor(input);
  const sessions = new SessionGenerator(scenario.workload, scenario.seed, input.flow);
  const inFlightAbort = new AbortController();
  // Every in-flight session waits on this one signal (think times); hundreds at once are expected.
  setMaxListeners(0, inFlightAbort.signal);
  const abortInFlight = (reason: unknown): void => {
    inFlightAbort.abort(reason);
    // Think times and poll intervals end at once: the sessions' next requests fail as "aborted".
    timers.flush();
  };
  const onAbort = (): void => abortInFlight(hooks.signal.reason);
  hooks.signal.addEventListener('abort', onAbort, { once: true });
  const contextFor = (index: number): SessionContext => ({
    http: clients[index % clients.length] as HttpClient,
    recorder,
    measured: false,
    timeoutMs: scenario.client.timeoutMs,
    signal: inFlightAbort.signal,
    cookies: scenario.client.cookies ? new CookieJar() : undefined,
    timers,
    firstSentMs: undefined,
  });
  const handler =
    load.unit === 'requests'
      ? requestsHandler(model, sessions, recorder, Math.max(1, Math.ceil((load.clients ?? 1) / share.count)), contextFor)
      : sessionsHandler(model, sessions, recorder, contextFor);

  // Per-second intervals, on boundaries counted from the common start, whatever the thread. Its own
  // timer, once a second: the DueQueue runs everything at once after an abort, this must keep its pace.
  const monitor = new ThreadMonitor();
  let second = 0;
  let timer: NodeJS.Timeout | undefined;
  const roll = (durationMs: number): void => {
    monitor.sample(second, durationMs);
    hooks.onInterval(recorder.rollInterval(second, durationMs, timers.rollLag()), { ...recorder.live });
    second++;
  };
  const scheduleRoll = (): void => {
    timer = setTimeout(() => {
      roll(1000);
      scheduleRoll();
    }, Math.max(0, startAtMs + (second + 1) * 1000 - performance.now()));
  };
  scheduleRoll();
  let report: ExecutorReport;
  try {
    report = await makeExecutor(load).run({
      runSlot: (i, intendedMs, measured) => handler.run(i, intendedMs, measured),
      onDropped: (_i, _intendedMs, measured) => recorder.dropped(measured),
      timers,
      signal: hooks.signal,
      share,
      startAtMs,
      drainTimeoutMs: input.drainTimeoutMs,
      abortInFlight: () => abortInFlight(new Error('drain deadline passed')),
    });
    if (!hooks.signal.aborted) await handler.finish();
  } finally {
    clearTimeout(timer);
    hooks.signal.removeEventListener('abort', onAbort);
  }
  // The last interval ends now, not a whole second after it began.
  roll(Math.max(0, performance.now() - (startAtMs + second * 1000)));
  const health = monitor.stop(timers.totalLag);
  const windowLagHdr = timers.windowLag();
  timers.close();
  await Promise.all(clients.map((c) => c.close()));
  return { wire: recorder.toWire(), report, health, queued: { ...handler.queued }, windowLagHdr };
}
