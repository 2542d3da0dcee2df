import net from 'node:net';
import { HarnessError } from '../errors/harness-error.js';

const COMMAND_TIMEOUT_MS = 5_000;

/**
 * Sends one command to HAProxy's runtime API (the `stats socket`, non-interactive mode: one command,
 * the answer, then HAProxy closes) and returns the answer. An answer that is an error from HAProxy is
 * not thrown here: callers know which answers are errors for their command.
 */
export function haproxyCommand(socketPath: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(socketPath);
    const timer = setTimeout(() => socket.destroy(new Error(`no answer within ${COMMAND_TIMEOUT_MS} ms`)), COMMAND_TIMEOUT_MS);
    socket.on('connect', () => socket.end(command + '\n'));
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(new HarnessError('E_ADMIN_QUERY', `HAProxy runtime API (${socketPath}) failed on "${command}": ${e.message}`, { hint: 'the balancer may have exited; see its log in the cell folder' }));
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

/** One row of `show servers state <backend>`: what the runtime API says about a server. */
export interface HaproxyServerState {
  readonly backend: string;
  readonly name: string;
  readonly address: string;
  /** srv_op_state: 0 stopped, 1 starting, 2 running, 3 stopping. */
  readonly opState: number;
  /** srv_admin_state bit field: 0x01/0x02/0x04/0x20 maintenance, 0x08 drain. */
  readonly adminState: number;
  readonly port: number;
}

/**
 * Parses `show servers state` (format version 1): a version line, a `#` header naming the columns,
 * then one space-separated row per server. Columns are looked up by name, not position.
 */
export function parseServersState(text: string): HaproxyServerState[] {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const header = lines.find((l) => l.startsWith('#'));
  if (!header) return [];
  const cols = header.replace(/^#\s*/, '').split(/\s+/);
  const at = (row: string[], name: string): string => row[cols.indexOf(name)] ?? '';
  return lines
    .filter((l) => !l.startsWith('#') && /^\d+\s/.test(l) && l.split(/\s+/).length >= cols.length - 1)
    .map((l) => {
      const row = l.split(/\s+/);
      return { backend: at(row, 'be_name'), name: at(row, 'srv_name'), address: at(row, 'srv_addr'), opState: Number(at(row, 'srv_op_state')), adminState: Number(at(row, 'srv_admin_state')), port: Number(at(row, 'srv_port')) };
    });
}

/** `show stat` (CSV): current sessions per server, by "backend/server". */
export function parseCurrentSessions(csv: string): Map<string, number> {
  const lines = csv.split('\n').filter(Boolean);
  const header = (lines[0] ?? '').replace(/^#\s*/, '').split(',');
  const px = header.indexOf('pxname');
  const sv = header.indexOf('svname');
  const scur = header.indexOf('scur');
  const out = new Map<string, number>();
  for (const l of lines.slice(1)) {
    const row = l.split(',');
    out.set(`${row[px]}/${row[sv]}`, Number(row[scur] ?? 0));
  }
  return out;
}
