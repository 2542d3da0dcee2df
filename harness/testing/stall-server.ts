/**
 * A trivial HTTP target for load-engine tests: answers every request with a small JSON body, and on
 * the N-th request blocks its whole event loop for a while (a GC pause / stop-the-world stall), so
 * everything in flight or arriving meanwhile waits. Prints {"event":"ready","port":N} once listening.
 * Args: --stall-at <n> (0 = never) --stall-ms <ms>
 */
import http from 'node:http';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const stallAt = arg('--stall-at', 0);
const stallMs = arg('--stall-ms', 500);
const body = '{"jsonrpc":"2.0","id":1,"result":{"ok":true}}';
let served = 0;

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    served++;
    if (served === stallAt) {
      const until = performance.now() + stallMs;
      while (performance.now() < until) {
        /* stop the world */
      }
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-replica-id': 'r1' });
    res.end(body);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(JSON.stringify({ event: 'ready', port: typeof address === 'object' && address ? address.port : 0 }) + '\n');
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
