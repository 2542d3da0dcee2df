import { describe, expect, it } from 'vitest';
import { HarnessError } from '../errors/harness-error.js';
import { parseReplicaArgs } from './replica-args.js';
import { replicaStateArgs } from './replica-state-args.js';

const base = ['--model', 'stateless', '--id', 's1'];

function problems(argv: string[]): readonly string[] {
  try {
    parseReplicaArgs(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(HarnessError);
    return (e as HarnessError).details;
  }
  throw new Error(`expected ${argv.join(' ')} to be rejected`);
}

describe('parseReplicaArgs: state strategy flags', () => {
  it('adds nothing when no state flag is given (the plain reference server)', () => {
    const options = parseReplicaArgs(base);
    for (const key of ['sessionStore', 'handleStore', 'taskStore', 'redisUrl', 'storeTimeoutMs']) expect(options).not.toHaveProperty(key);
  });

  it('reads every store flag, the redis url and the store timeout', () => {
    expect(
      parseReplicaArgs([...base, '--handle-store', 'redis', '--task-store=memory', '--session-store', 'memory', '--redis-url', 'redis://127.0.0.1:7000', '--store-timeout-ms', '250']),
    ).toMatchObject({ handleStore: 'redis', taskStore: 'memory', sessionStore: 'memory', redisUrl: 'redis://127.0.0.1:7000', storeTimeoutMs: 250 });
    // Memory stores need no redis.
    expect(parseReplicaArgs([...base, '--task-store', 'memory']).taskStore).toBe('memory');
  });

  it('reports every problem at once: bad kinds, a redis store without a url, a bad url, a bad timeout', () => {
    expect(problems([...base, '--handle-store', 'disk', '--task-store', 'redis', '--store-timeout-ms', '0'])).toEqual([
      '--handle-store must be memory or redis, got "disk"',
      '--redis-url is required when a --*-store is redis',
      '--store-timeout-ms must be an integer from 1 to 600000, got "0"',
    ]);
    expect(problems([...base, '--session-store', 'redis', '--redis-url', 'http://127.0.0.1:6379'])).toEqual([
      '--redis-url must be a redis:// URL (e.g. redis://127.0.0.1:6379), got "http://127.0.0.1:6379"',
    ]);
  });
});

describe('replicaStateArgs', () => {
  it('builds the flags parseReplicaArgs reads back, and nothing for an absent state', () => {
    expect(replicaStateArgs(undefined)).toEqual([]);
    expect(replicaStateArgs({})).toEqual([]);
    const state = { handleStore: 'redis', taskStore: 'memory', redisUrl: 'redis://127.0.0.1:7001', storeTimeoutMs: 400 } as const;
    expect(parseReplicaArgs([...base, ...replicaStateArgs(state)])).toMatchObject(state);
    expect(replicaStateArgs({ sessionStore: 'redis', redisUrl: 'redis://r:6379' })).toEqual(['--session-store', 'redis', '--redis-url', 'redis://r:6379']);
  });
});
