import type { LoadSpec, ResolvedScenario } from '../config/resolved-scenario.js';
import { startWarmupStub } from './jit-warmup-stub.js';
import { runShare, type ShareInput } from './load-share.js';

/**
 * V8 optimizes a function only after it has run many times. At a headline's rate (a hundred or two
 * requests a second) that happens inside the measured window: compile threads and not-yet-optimized
 * code then take CPU the replicas could have used, and the harness's share of the machine looks worse
 * than it is in steady state. So before a thread's first load of a model, it runs the same code
 * (executor, think-time waits, protocol model, HTTP client, parser, recorder) against an in-process
 * stub, unmeasured, until it has made WARMUP.requests requests (or WARMUP.capMs has passed).
 */
const WARMUP = { requests: 4000, capMs: 4000, roundMs: 250, clients: 32, thinkTimeMs: 1 } as const;

/** Models this thread has warmed: JIT state belongs to the thread (its isolate), and so does this set. */
const warmed = new Set<ShareInput['model']>();

/** Returns the requests made and how many failed (0 and 0 when this thread had warmed the model already). */
export async function warmGeneratorJit(model: ShareInput['model'], scenario: ResolvedScenario): Promise<{ requests: number; failed: number }> {
  // raw-http is the benchmark's plain GET, whose runs measure a steady window after their own warm-up.
  if (model === 'raw-http' || warmed.has(model)) return { requests: 0, failed: 0 };
  warmed.add(model);
  const stub = await startWarmupStub();
  try {
    const load: LoadSpec = { executor: 'closed-loop', unit: 'sessions', clients: WARMUP.clients, durationMs: WARMUP.roundMs, warmupMs: 0, repetitions: 1 };
    const s: ResolvedScenario = {
      ...scenario,
      load,
      workload: { ...scenario.workload, thinkTimeMs: WARMUP.thinkTimeMs },
      client: { ...scenario.client, maxConnections: Math.max(scenario.client.maxConnections, 2 * WARMUP.clients) },
    };
    const t0 = performance.now();
    let requests = 0;
    let failed = 0;
    while (requests < WARMUP.requests && performance.now() - t0 < WARMUP.capMs) {
      const out = await runShare(
        { scenario: s, model, flow: 'tools', load, origin: stub.origin, share: { index: 0, count: 1 }, startAtEpochMs: performance.timeOrigin + performance.now() + 1, drainTimeoutMs: 5000 },
        { signal: new AbortController().signal, onInterval: () => undefined },
      );
      requests += out.wire.measuredRequests;
      failed += out.wire.measuredFailedRequests;
    }
    return { requests, failed };
  } finally {
    await stub.close();
  }
}
