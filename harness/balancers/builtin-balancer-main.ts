/**
 * Entry point of the built-in balancer process:
 *   node builtin-balancer-main --config <file.json> [--ignore-stdin]
 * Listens on an OS-chosen port, prints one JSON line {"event":"ready","port":N,"pid":P} on stdout, and
 * exits on SIGTERM/SIGINT or when its stdin closes (the harness holds a pipe on it, so the balancer
 * dies with the harness even when the harness is SIGKILLed). `--ignore-stdin` is for running it by
 * hand or in a container, where stdin is /dev/null.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseBuiltinBalancerConfig, type BuiltinReadyLine } from './builtin-balancer-config.js';
import { BuiltinBackendTable } from './builtin-backend-table.js';

function main(): void {
  const { values } = parseArgs({ options: { config: { type: 'string' }, 'ignore-stdin': { type: 'boolean' } }, strict: true });
  if (!values.config) throw new Error('usage: builtin-balancer-main --config <file.json>');
  const file = values.config;
  let config = parseBuiltinBalancerConfig(readFileSync(file, 'utf8'), file);
  const proxy = new BuiltinBackendTable(config, (line) => process.stdout.write(JSON.stringify(line) + '\n'));
  // Runtime control (faults: scale, reload): SIGHUP re-reads the config file, as nginx does.
  process.on('SIGHUP', () => {
    try {
      const next = parseBuiltinBalancerConfig(readFileSync(file, 'utf8'), file);
      proxy.replace(next, config);
      config = next;
    } catch (e) {
      process.stderr.write(`builtin balancer: reload refused, keeping the running table: ${(e as Error).message}\n`);
    }
  });

  let exiting = false;
  const exit = (code: number): void => {
    if (exiting) return;
    exiting = true;
    void proxy.close().finally(() => process.exit(code));
  };
  process.once('SIGTERM', () => exit(0));
  process.once('SIGINT', () => exit(0));
  if (!values['ignore-stdin']) {
    process.stdin.once('end', () => exit(0));
    process.stdin.once('close', () => exit(0));
    process.stdin.resume();
  }

  proxy.server.once('error', (e) => {
    process.stderr.write(`builtin balancer: cannot listen on ${config.host}: ${(e as Error).message}\n`);
    process.exit(1);
  });
  proxy.server.listen({ host: config.host, port: 0 }, () => {
    const address = proxy.server.address();
    if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
    const ready: BuiltinReadyLine = { event: 'ready', port: address.port, pid: process.pid };
    process.stdout.write(JSON.stringify(ready) + '\n');
  });
}

try {
  main();
} catch (e) {
  process.stderr.write(`builtin balancer: ${(e as Error).message}\n`);
  process.exit(2);
}
