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

/** One server row of `show stat`: where it is, its status as HAProxy routes by it, its current sessions. */
export interface HaproxyServerStat {
  readonly backend: string;
  readonly name: string;
  /** UP, DOWN, MAINT, DRAIN, NOLB, or a transition such as "DOWN 1/2" (rising) / "UP 1/3" (falling). */
  readonly status: string;
  /** Streams on this server now (scur). */
  readonly currentSessions: number;
}

/** Parses `show stat` (CSV with a `# pxname,svname,...` header); columns by name; FRONTEND/BACKEND rows left out. */
export function parseServerStats(csv: string): HaproxyServerStat[] {
  const lines = csv.split('\n').filter(Boolean);
  const header = (lines[0] ?? '').replace(/^#\s*/, '').split(',');
  const col = (row: string[], name: string): string => row[header.indexOf(name)] ?? '';
  return lines
    .slice(1)
    .map((l) => l.split(','))
    .filter((row) => row.length >= header.length - 1 && !['FRONTEND', 'BACKEND'].includes(col(row, 'svname')))
    .map((row) => ({ backend: col(row, 'pxname'), name: col(row, 'svname'), status: col(row, 'status'), currentSessions: Number(col(row, 'scur') || 0) }));
}
