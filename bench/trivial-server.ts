/**
 * The benchmark's trivial target: a plain node:http server answering a fixed 45-byte JSON body, like
 * PERF-BASELINE's trivial.mjs. Prints {"event":"ready","port":N}; exits when stdin closes.
 */
import http from 'node:http';

const body = '{"jsonrpc":"2.0","id":1,"result":{"ok":true}}';
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const a = server.address();
  process.stdout.write(JSON.stringify({ event: 'ready', port: typeof a === 'object' && a ? a.port : 0 }) + '\n');
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
