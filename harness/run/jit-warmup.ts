import type { ResolvedScenario } from '../config/resolved-scenario.js';
import { startWarmupStub } from './jit-warmup-stub.js';
import { runShare, type ShareInput } from './load-share.js';

/**
 * V8 optimizes a function only after it has run many times. At a headline's rate (a hundred or two
 * requests a second) that happens inside the measured window: compile threads and not-yet-optimized
 * code then take CPU the replicas could have used, and the harness's share of the machine looks worse
 * than it is in steady state. So before a thread's first load of a model, it runs the same code
 * (executor, protocol model, HTTP client, parser, recorder) back to back against an in-process stub,
 * unmeasured. A few hundred milliseconds, once per thread and model.
 */
const WARMUP = { ratePerSec: 2000, durationMs: 300, maxInFlight: 32 } as const;

/** Models this thread has warmed: JIT state belongs to the thread (its isolate), and so does this set. */
const warmed = new Set<ShareInput['model']>();

export async function warmGeneratorJit(model: ShareInput['model'], scenario: ResolvedScenario): Promise<void> {
  if (warmed.has(model)) return;
  warmed.add(model);
  const stub = await startWarmupStub();
  try {
    const s: ResolvedScenario = {
      ...scenario,
      load: { executor: 'constant-arrival-rate', unit: 'sessions', ratePerSec: WARMUP.ratePerSec, durationMs: WARMUP.durationMs, warmupMs: 0, maxInFlight: WARMUP.maxInFlight, clients: undefined },
      workload: { ...scenario.workload, thinkTimeMs: 0 },
    };
    await runShare(
      { scenario: s, model, flow: 'tools', origin: stub.origin, share: { index: 0, count: 1 }, startAtEpochMs: performance.timeOrigin + performance.now() + 1, drainTimeoutMs: 5000 },
      { signal: new AbortController().signal, onInterval: () => undefined },
    );
  } finally {
    await stub.close();
  }
}
