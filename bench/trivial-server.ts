/**
 * The benchmark's trivial target: a plain node:http server answering a fixed 45-byte JSON body, like
 * PERF-BASELINE's trivial.mjs. It counts what it served and tells the count on a second port, so the
 * bench can count every generator's requests in the same window the same way.
 * Prints {"event":"ready","port":N,"statsPort":M}; exits when stdin closes.
 */
import http from 'node:http';

const body = '{"jsonrpc":"2.0","id":1,"result":{"ok":true}}';
let served = 0;
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    served++;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  });
});
server.keepAliveTimeout = 65_000;
const stats = http.createServer((_req, res) => res.end(String(served)));
const port = (s: http.Server): number => {
  const a = s.address();
  return typeof a === 'object' && a ? a.port : 0;
};
server.listen(0, '127.0.0.1', () => {
  stats.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ event: 'ready', port: port(server), statsPort: port(stats) }) + '\n'));
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
