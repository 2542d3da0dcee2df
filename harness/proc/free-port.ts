import net from 'node:net';

/**
 * A TCP port nobody listens on right now on `host`, for a program that binds its port itself (a
 * user's server takes `{port}` from its arguments, not an inherited socket). Another process could
 * take it before the program binds it; the program then fails to start and its readiness wait says so.
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error(`no TCP port on ${host}`);
  return address.port;
}
