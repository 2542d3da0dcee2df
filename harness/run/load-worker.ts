/**
 * Worker-thread entry: generates one share of a cell's load and reports to the main thread.
 * Messages in: {type:'go', startAtEpochMs}, {type:'abort'}. Out: 'ready', 'interval', 'done', 'error'.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { warmGeneratorJit } from './jit-warmup.js';
import { runShare, type ShareInput } from './load-share.js';

const port = parentPort;
if (!port) throw new Error('load-worker must run in a worker thread');
const input = workerData as Omit<ShareInput, 'startAtEpochMs'> & { readonly jitWarmup: boolean };
const abort = new AbortController();

port.on('message', (msg: { type: 'go'; startAtEpochMs: number } | { type: 'abort' }) => {
  if (msg.type === 'abort') {
    abort.abort(new Error('aborted by the main thread'));
    return;
  }
  runShare({ ...input, startAtEpochMs: msg.startAtEpochMs }, { signal: abort.signal, onInterval: (interval, live) => port.postMessage({ type: 'interval', interval, live }) })
    .then((output) => port.postMessage({ type: 'done', output }))
    .catch((e: unknown) => port.postMessage({ type: 'error', message: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) }));
});
// A worker is a fresh isolate: warm its JIT before it reports ready, so the common start waits for it.
(input.jitWarmup ? warmGeneratorJit(input.model, input.scenario) : Promise.resolve())
  .then(() => port.postMessage({ type: 'ready' }))
  .catch((e: unknown) => port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) }));
