import net from 'node:net';
import { HarnessError } from '../errors/harness-error.js';

/**
 * A socket already listening on an OS-chosen port, to hand to a child process as an inherited
 * descriptor. The port is known before the child starts and nobody can take it in between, which a
 * "find a free port, then let the child bind it" scheme cannot promise.
 */
export interface ListeningSocket {
  readonly fd: number;
  readonly host: string;
  readonly port: number;
  /** Closes the parent's copy; a child that inherited the descriptor keeps listening. */
  close(): Promise<void>;
}

export async function openListeningSocket(host = '127.0.0.1'): Promise<ListeningSocket> {
  // Nobody knows the port until this returns, so the parent accepting a connection before it closes its
  // copy would be a stray probe; refuse it rather than hold it open forever.
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Node exposes no public accessor for a server's descriptor; `_handle.fd` is stable on POSIX.
  const fd = (server as unknown as { _handle?: { fd?: number } })._handle?.fd;
  const address = server.address();
  if (typeof fd !== 'number' || fd < 0 || address === null || typeof address === 'string') {
    await closeServer(server);
    throw new HarnessError('E_PLATFORM_UNAVAILABLE', 'cannot pass a listening socket to a child process on this platform', {
      hint: 'Descriptor passing needs a POSIX system (Linux, macOS). Use `balancer: builtin` elsewhere.',
    });
  }
  let closing: Promise<void> | undefined;
  return {
    fd,
    host,
    port: address.port,
    close: () => (closing ??= closeServer(server)),
  };
}

function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
