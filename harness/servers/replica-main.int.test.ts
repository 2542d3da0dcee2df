import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { startProcess, type StartedProcess } from '../proc/child-process.js';
import { nodeEntry } from '../proc/node-entry.js';
import { waitFor } from '../proc/wait-for.js';
import { HEALTH_PATH, MCP_PATH } from './replica-contract.js';
import { startReplicaFixture } from './replica-fixture.js';
import { parseReadyLine } from './replica-ready-line.js';
import { jsonRpcMessages, postMcp, type RawResponse } from './replica-test-client.js';

const runId = `servers-main-int-${process.pid}`;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Alive and not a zombie (an orphaned replica may sit unreaped for a moment after exiting). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

describe('replica-main process lifecycle', () => {
  it('exits 0 promptly on SIGTERM even with an open GET stream and a call in flight', async () => {
    const replica = await startReplicaFixture({ runId, args: ['--model', 'legacy', '--id', 'main-term'] });
    cleanups.push(() => replica.process.stop());
    const init = await postMcp(replica.baseUrl, { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } } });
    const headers = { 'mcp-session-id': init.headers['mcp-session-id'] as string, 'mcp-protocol-version': '2025-11-25' };
    const stream = await request(replica.baseUrl + MCP_PATH, { method: 'GET', headers: { accept: 'text/event-stream', ...headers } });
    expect(stream.statusCode).toBe(200);
    const streamDone = stream.body.text().catch(() => 'cut');
    const inFlight = postMcp(replica.baseUrl, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'sleep', arguments: { ms: 30_000 } } }, headers).catch((e: unknown) => e);

    const t0 = performance.now();
    replica.process.signal('SIGTERM');
    const exit = await replica.process.exited;
    const elapsedMs = performance.now() - t0;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(elapsedMs).toBeLessThan(3000);
    await streamDone;
    // The in-flight call never completes: either its connection is cut, or (when the SDK closes the
    // SSE response stream first) it ends without a JSON-RPC answer in it. Both are what a client sees
    // of a replica going away mid-request.
    const outcome = await inFlight;
    if (!(outcome instanceof Error)) expect(jsonRpcMessages(outcome as RawResponse).some((m) => typeof m === 'object' && m !== null && 'result' in m)).toBe(false);
  });

  it('exits 0 on SIGINT', async () => {
    const replica = await startReplicaFixture({ runId, args: ['--model', 'stateless', '--id', 'main-int'] });
    cleanups.push(() => replica.process.stop());
    replica.process.signal('SIGINT');
    expect(await replica.process.exited).toEqual({ code: 0, signal: null });
  });

  it('dies with its parent when the parent is SIGKILLed (stdin lifeline)', async () => {
    // A stand-in harness: starts a replica the way the platform does, forwards its ready line, then waits.
    const fixtureUrl = pathToFileURL(fileURLToPath(new URL('./replica-fixture.ts', import.meta.url))).href;
    const script = [
      `import { startReplicaFixture } from ${JSON.stringify(fixtureUrl)};`,
      `const r = await startReplicaFixture({ runId: ${JSON.stringify(runId)}, args: ['--model', 'legacy', '--id', 'main-orphan'] });`,
      `process.stdout.write(JSON.stringify(r.ready) + '\\n');`,
      `setInterval(() => {}, 1 << 30);`,
    ].join('\n');
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const parent = await startProcess({ name: 'lifeline parent', command: process.execPath, args: ['--import', tsx, '--input-type=module', '-e', script], runId });
    cleanups.push(() => parent.stop());
    const ready = await parent.waitForLine(parseReadyLine, 20_000);
    cleanups.push(() => {
      if (isRunning(ready.pid)) process.kill(ready.pid, 'SIGKILL');
    });
    expect(isRunning(ready.pid)).toBe(true);

    parent.signal('SIGKILL');
    await parent.exited;
    await waitFor(() => !isRunning(ready.pid), { timeoutMs: 5000, what: `orphaned replica pid ${ready.pid} to exit` });
  });

  it('keeps running when stdin is /dev/null (started by hand or without a lifeline)', async () => {
    const entry = nodeEntry('servers/replica-main', ['--model', 'stateless', '--id', 'main-devnull']);
    const proc: StartedProcess = await startProcess({ name: 'replica main-devnull', command: entry.command, args: entry.args, runId, stdinLifeline: false });
    cleanups.push(() => proc.stop());
    const ready = await proc.waitForLine(parseReadyLine, 15_000);
    const health = await request(`http://127.0.0.1:${ready.port}${HEALTH_PATH}`);
    expect(health.statusCode).toBe(200);
    expect(await health.body.text()).toBe('ok');
    expect(proc.hasExited).toBe(false);
    await proc.stop();
    expect(await proc.exited).toEqual({ code: 0, signal: null });
  });

  it('rejects bad arguments with exit code 2 and says why on stderr', async () => {
    const entry = nodeEntry('servers/replica-main', ['--model', 'sticky', '--port', 'eighty']);
    const proc = await startProcess({ name: 'replica bad-args', command: entry.command, args: entry.args, runId, stdinLifeline: true });
    cleanups.push(() => proc.stop());
    expect(await proc.exited).toEqual({ code: 2, signal: null });
    const output = await waitFor(() => (proc.recentOutput().includes('hint:') ? proc.recentOutput() : undefined), { timeoutMs: 5000, what: 'the usage error on stderr' });
    expect(output).toContain('--model must be legacy or stateless, got "sticky"');
    expect(output).toContain('--id is required');
    expect(output).toContain('--port must be an integer from 0 to 65535, got "eighty"');
  });
});
