import net from 'node:net';

export interface RedisProbeResult {
  /** `process_id` from INFO server: lets the caller check it reached *its* redis-server, not a stranger on the port. */
  readonly pid: number;
  readonly version: string;
}

/**
 * One `PING` + `INFO server` on a fresh TCP connection, with a deadline. Deliberately not a client
 * library: a readiness probe must fail fast and plainly (no reconnect loop, no offline queue).
 * Rejects with the socket error (ECONNREFUSED, ...), a timeout, or an unexpected reply.
 */
export function probeRedis(host: string, port: number, timeoutMs: number): Promise<RedisProbeResult> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let buffered = '';
    let settled = false;
    const finish = (error: Error | undefined, result?: RedisProbeResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(result as RedisProbeResult);
    };
    const timer = setTimeout(() => finish(new Error(`redis at ${host}:${port} did not answer PING within ${timeoutMs} ms`)), timeoutMs);
    socket.setEncoding('utf8');
    socket.once('error', (e) => finish(e));
    socket.once('close', () => finish(new Error(`redis at ${host}:${port} closed the connection before answering PING`)));
    socket.once('connect', () => socket.write('PING\r\nINFO server\r\n'));
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      const parsed = parseProbeReply(buffered);
      if (parsed === 'incomplete') return;
      if (parsed instanceof Error) finish(parsed);
      else finish(undefined, parsed);
    });
  });
}

/** Parses `+PONG\r\n$<n>\r\n<INFO text>\r\n`; exported for unit tests. */
export function parseProbeReply(text: string): RedisProbeResult | Error | 'incomplete' {
  const pingEnd = text.indexOf('\r\n');
  if (pingEnd === -1) return 'incomplete';
  const ping = text.slice(0, pingEnd);
  // -LOADING, -NOAUTH, ...: the server is up but not serving yet (or not ours to use).
  if (ping !== '+PONG') return new Error(`unexpected PING reply "${ping}"`);
  const rest = text.slice(pingEnd + 2);
  const headerEnd = rest.indexOf('\r\n');
  if (headerEnd === -1) return 'incomplete';
  const header = rest.slice(0, headerEnd);
  if (!header.startsWith('$')) return new Error(`unexpected INFO reply "${header}"`);
  const length = Number(header.slice(1));
  const body = rest.slice(headerEnd + 2);
  // Lengths are in bytes; INFO server is ASCII, so characters and bytes agree.
  if (body.length < length) return 'incomplete';
  const info = body.slice(0, length);
  const pid = Number(/^process_id:(\d+)\r?$/m.exec(info)?.[1]);
  const version = /^redis_version:(\S+)\r?$/m.exec(info)?.[1];
  if (!Number.isSafeInteger(pid) || version === undefined) return new Error('INFO server reply lacks process_id or redis_version');
  return { pid, version };
}
