import http from 'node:http';
import { HarnessError } from '../errors/harness-error.js';
import { describeExit, type StartedProcess } from '../proc/child-process.js';
import { waitFor, WaitTimeoutError } from '../proc/wait-for.js';
import { LB_HEALTH_PATH } from './balancer.js';

/** One probe of the balancer's own health endpoint, on a fresh connection that is closed afterwards. */
export function probeLbHealth(baseUrl: string, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const req = http.get(baseUrl + LB_HEALTH_PATH, { agent: false, timeout: timeoutMs, headers: { connection: 'close' } }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode === 200));
      res.once('error', reject);
    });
    req.once('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.once('error', reject);
  });
}

/**
 * Polls the health endpoint until it answers 200, failing fast (with the process's last output) if
 * the balancer process exits first.
 */
export async function waitForLbHealth(proc: StartedProcess, baseUrl: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const stopPolling = new AbortController();
  const pollSignal = signal ? AbortSignal.any([signal, stopPolling.signal]) : stopPolling.signal;
  const exited = proc.exited.then((exit) => {
    throw new HarnessError('E_PROCESS_EXIT', `${proc.name} (pid ${proc.pid}) exited before it was ready (${describeExit(exit)})`, {
      details: proc.recentOutput() ? ['its last output:', ...proc.recentOutput().split('\n').slice(-10)] : ['it printed nothing'],
      hint: 'The generated configuration is in the cell\'s work folder; run the binary on it by hand to see the full error.',
    });
  });
  try {
    await Promise.race([
      waitFor(() => probeLbHealth(baseUrl), { timeoutMs, signal: pollSignal, what: `${proc.name} health check ${baseUrl}${LB_HEALTH_PATH}` }),
      exited,
    ]);
  } catch (e) {
    if (e instanceof WaitTimeoutError) {
      throw new HarnessError('E_READINESS_TIMEOUT', e.message, {
        cause: e,
        details: proc.recentOutput() ? ['its last output:', ...proc.recentOutput().split('\n').slice(-10)] : ['it printed nothing'],
        hint: 'Raise the readiness timeout on a slow machine, or start the balancer by hand with the generated configuration.',
      });
    }
    throw e;
  } finally {
    stopPolling.abort();
    exited.catch(() => undefined);
  }
}
