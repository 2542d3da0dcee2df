import { request } from 'undici';
import { dockerEndpoint } from './docker-engine-api.js';

export interface ContainerDeath {
  /** The container's name (without the leading "/"). */
  readonly name: string;
  readonly exitCode: number | undefined;
  readonly atEpochMs: number;
}

/** "exit code 137 (SIGKILL)" style text for a container's exit code. */
export function describeContainerExit(exitCode: number | undefined): string {
  if (exitCode === undefined) return 'container exited';
  return exitCode > 128 ? `container exited with code ${exitCode} (signal ${exitCode - 128}${exitCode === 137 ? ', SIGKILL' : exitCode === 143 ? ', SIGTERM' : ''})` : `container exited with code ${exitCode}`;
}

/**
 * Follows the daemon's `die` events of the containers matching `labels` (one stream per cell) and calls
 * `onDeath` for each: how the topology notices a container that died mid-cell, whoever killed it.
 * Returns a function that ends the stream.
 */
export function watchContainerDeaths(labels: readonly string[], onDeath: (d: ContainerDeath) => void): () => void {
  const endpoint = dockerEndpoint();
  if (!endpoint) return () => undefined;
  const controller = new AbortController();
  const filters = encodeURIComponent(JSON.stringify({ type: ['container'], event: ['die'], label: labels }));
  void (async () => {
    try {
      const res = await request(`${endpoint.origin}/events?filters=${filters}`, { ...(endpoint.dispatcher ? { dispatcher: endpoint.dispatcher } : {}), signal: controller.signal, bodyTimeout: 0 });
      let partial = '';
      for await (const chunk of res.body) {
        const lines = (partial + (chunk as Buffer).toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          if (!line.trim()) continue;
          try {
            const e = JSON.parse(line) as { Actor?: { Attributes?: Record<string, string> }; timeNano?: number; time?: number };
            const attrs = e.Actor?.Attributes ?? {};
            const code = attrs['exitCode'] === undefined ? undefined : Number(attrs['exitCode']);
            onDeath({ name: (attrs['name'] ?? '').replace(/^\//, ''), exitCode: code, atEpochMs: e.timeNano ? e.timeNano / 1e6 : (e.time ?? Date.now() / 1000) * 1000 });
          } catch {
            /* not an event line */
          }
        }
      }
    } catch {
      /* aborted at teardown, or the daemon went away: deaths are then noticed by failed reads */
    }
  })();
  return () => controller.abort();
}
