import { parseArgs } from 'node:util';
import { HarnessError } from '../errors/harness-error.js';
import type { ServerModel } from './replica-contract.js';
import type { UnknownSessionStatus } from './legacy-server.js';
import type { StoreKind } from './state-contract.js';

export interface ReplicaOptions {
  readonly model: ServerModel;
  readonly replicaId: string;
  readonly host: string;
  /** 0 = the OS picks a free port (reported in the ready line). */
  readonly port: number;
  /**
   * Legacy only. Validated but without effect on a stateless replica (it has no sessions): the
   * platform's launcher passes the scenario's legacy options to every replica whatever its model.
   */
  readonly unknownSessionStatus: UnknownSessionStatus;
  /** Legacy only (see above); 0 = sessions never expire. */
  readonly sessionIdleTimeoutMs: number;
  /**
   * State strategies (state-contract.ts), each undefined unless its flag is given. Like the legacy
   * options, a flag for the other model is validated but has no effect.
   */
  readonly sessionStore?: StoreKind;
  readonly handleStore?: StoreKind;
  readonly taskStore?: StoreKind;
  /** Required when any store is redis. */
  readonly redisUrl?: string;
  /** Per Redis command; undefined = DEFAULT_STORE_TIMEOUT_MS. */
  readonly storeTimeoutMs?: number;
  /** Host/Origin names the MCP endpoint accepts (DNS-rebinding protection); undefined = localhost names. */
  readonly allowedHosts?: readonly string[];
}

export const REPLICA_USAGE =
  'replica-main --model legacy|stateless --id <replica-id> [--host 127.0.0.1] [--port 0]' +
  ' [--unknown-session-status 404|400] [--session-idle-timeout-ms 300000]   (the last two only affect legacy)' +
  ' [--session-store memory|redis] (legacy) [--handle-store memory|redis] [--task-store memory|redis] (stateless)' +
  ' [--redis-url redis://127.0.0.1:6379] [--store-timeout-ms 1000] [--allowed-hosts localhost,127.0.0.1,[::1]]';

const KNOWN_FLAGS = ['model', 'id', 'host', 'port', 'unknown-session-status', 'session-idle-timeout-ms', 'session-store', 'handle-store', 'task-store', 'redis-url', 'store-timeout-ms', 'allowed-hosts'] as const;
type KnownFlag = (typeof KNOWN_FLAGS)[number];

export const DEFAULT_SESSION_IDLE_TIMEOUT_MS = 300_000;
const MAX_IDLE_TIMEOUT_MS = 2_147_483_647; // setInterval's limit
// Visible ASCII: the id travels in the X-Replica-Id header and in JSON.
const REPLICA_ID_PATTERN = /^[\x21-\x7e]{1,128}$/;

/** Parses and validates replica-main's argv; throws one E_USAGE HarnessError listing every problem. */
export function parseReplicaArgs(argv: readonly string[]): ReplicaOptions {
  // Non-strict parsing so every problem (unknown flags included) is reported in one go.
  const { values: raw, positionals } = parseArgs({
    args: [...argv],
    strict: false,
    allowPositionals: true,
    options: Object.fromEntries(KNOWN_FLAGS.map((flag) => [flag, { type: 'string' as const }])),
  });
  const problems: string[] = [];
  const values: Partial<Record<KnownFlag, string>> = {};
  for (const [flag, value] of Object.entries(raw)) {
    if (!(KNOWN_FLAGS as readonly string[]).includes(flag)) problems.push(`unknown option --${flag}`);
    else if (typeof value !== 'string') problems.push(`--${flag} needs a value`);
    else values[flag as KnownFlag] = value;
  }
  if (positionals.length > 0) problems.push(`unexpected argument(s): ${positionals.join(' ')}`);

  const model = values.model;
  if (model === undefined) problems.push('--model is required (legacy or stateless)');
  else if (model !== 'legacy' && model !== 'stateless') problems.push(`--model must be legacy or stateless, got "${model}"`);

  const replicaId = values.id;
  if (replicaId === undefined) problems.push('--id is required (e.g. r1)');
  else if (!REPLICA_ID_PATTERN.test(replicaId)) problems.push(`--id must be 1-128 visible ASCII characters without spaces, got "${replicaId}"`);

  const host = values.host ?? '127.0.0.1';
  if (host === '') problems.push('--host must not be empty');

  const port = parseInteger(values.port, '--port', 0, 65_535, 0, problems);

  const statusText = values['unknown-session-status'];
  let unknownSessionStatus: UnknownSessionStatus = 404;
  if (statusText === '400') unknownSessionStatus = 400;
  else if (statusText !== undefined && statusText !== '404') problems.push(`--unknown-session-status must be 404 or 400, got "${statusText}"`);

  const sessionIdleTimeoutMs = parseInteger(values['session-idle-timeout-ms'], '--session-idle-timeout-ms', 0, MAX_IDLE_TIMEOUT_MS, DEFAULT_SESSION_IDLE_TIMEOUT_MS, problems);

  const stores = {
    sessionStore: parseStoreKind(values['session-store'], '--session-store', problems),
    handleStore: parseStoreKind(values['handle-store'], '--handle-store', problems),
    taskStore: parseStoreKind(values['task-store'], '--task-store', problems),
  };
  const redisUrl = values['redis-url'];
  if (redisUrl !== undefined && !isRedisUrl(redisUrl)) problems.push(`--redis-url must be a redis:// URL (e.g. redis://127.0.0.1:6379), got "${redisUrl}"`);
  const wantsRedis = Object.values(stores).includes('redis');
  if (wantsRedis && redisUrl === undefined) problems.push('--redis-url is required when a --*-store is redis');
  const storeTimeoutMs = values['store-timeout-ms'] === undefined ? undefined : parseInteger(values['store-timeout-ms'], '--store-timeout-ms', 1, 600_000, 0, problems);

  const allowedHosts = values['allowed-hosts']?.split(',').map((h) => h.trim());
  if (allowedHosts !== undefined && allowedHosts.some((h) => !/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)$/.test(h))) {
    problems.push(`--allowed-hosts must be comma-separated host names (IPv6 in brackets), got "${values['allowed-hosts']}"`);
  }

  if (problems.length > 0) throw usageError(problems);
  return {
    model: model as ServerModel,
    replicaId: replicaId as string,
    host,
    port,
    unknownSessionStatus,
    sessionIdleTimeoutMs,
    // Only the given ones, so a replica without state flags parses exactly as before.
    ...(stores.sessionStore !== undefined && { sessionStore: stores.sessionStore }),
    ...(stores.handleStore !== undefined && { handleStore: stores.handleStore }),
    ...(stores.taskStore !== undefined && { taskStore: stores.taskStore }),
    ...(redisUrl !== undefined && { redisUrl }),
    ...(storeTimeoutMs !== undefined && { storeTimeoutMs }),
    ...(allowedHosts !== undefined && { allowedHosts }),
  };
}

function parseStoreKind(text: string | undefined, flag: string, problems: string[]): StoreKind | undefined {
  if (text === undefined || text === 'memory' || text === 'redis') return text;
  problems.push(`${flag} must be memory or redis, got "${text}"`);
  return undefined;
}

function isRedisUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'redis:' && url.hostname !== '';
  } catch {
    return false;
  }
}

function parseInteger(text: string | undefined, flag: string, min: number, max: number, fallback: number, problems: string[]): number {
  if (text === undefined) return fallback;
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    problems.push(`${flag} must be an integer from ${min} to ${max}, got "${text}"`);
    return fallback;
  }
  return value;
}

function usageError(problems: readonly string[]): HarnessError {
  return new HarnessError('E_USAGE', `invalid replica arguments: ${problems.join('; ')}`, {
    details: problems,
    hint: `usage: ${REPLICA_USAGE}`,
  });
}
