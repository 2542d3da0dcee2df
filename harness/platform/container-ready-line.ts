import type { Readable } from 'node:stream';
import type { ReplicaReadyLine } from '../servers/replica-contract.js';
import { parseReadyLine } from '../servers/replica-ready-line.js';

/**
 * Watches a container's log stream (testcontainers' log consumer) for the reference replica's ready
 * line, which names the SDK versions it runs. A replica image that does not print one (the user's own
 * server) is still usable: readiness is its health endpoint, and the SDK versions are then unknown.
 */
export class ContainerReadyLine {
  private ready: ReplicaReadyLine | undefined;
  private readonly recent: string[] = [];

  readonly consume = (stream: Readable): void => {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        this.recent.push(line);
        if (this.recent.length > 20) this.recent.shift();
        this.ready ??= parseReadyLine(line.trim());
      }
    });
    stream.on('error', () => undefined); // the stream ends with the container; nothing to report
  };

  get line(): ReplicaReadyLine | undefined {
    return this.ready;
  }

  /** The container's last output lines, for error messages. */
  recentOutput(): readonly string[] {
    return [...this.recent];
  }
}
