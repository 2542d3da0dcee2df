import { describe, expect, it } from 'vitest';
import { parseProbeReply } from './redis-probe.js';

const info = '# Server\r\nredis_version:7.0.15\r\nprocess_id:4242\r\ntcp_port:6379\r\n';
const reply = `+PONG\r\n$${info.length}\r\n${info}\r\n`;

describe('parseProbeReply', () => {
  it('reads the pid and version once the whole INFO bulk string has arrived', () => {
    expect(parseProbeReply(reply)).toEqual({ pid: 4242, version: '7.0.15' });
    for (const cut of [0, 3, 7, 12, reply.length - 10]) expect(parseProbeReply(reply.slice(0, cut))).toBe('incomplete');
  });

  it('rejects a server that is not serving (LOADING) or an unexpected reply', () => {
    expect(parseProbeReply('-LOADING Redis is loading the dataset in memory\r\n')).toBeInstanceOf(Error);
    expect(parseProbeReply('+PONG\r\n-ERR unknown command\r\n')).toBeInstanceOf(Error);
    const noPid = '# Server\r\nredis_version:7.0.15\r\n';
    expect(parseProbeReply(`+PONG\r\n$${noPid.length}\r\n${noPid}\r\n`)).toBeInstanceOf(Error);
  });
});
