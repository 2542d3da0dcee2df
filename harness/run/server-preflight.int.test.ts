import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveScenario } from '../config/resolve-scenario.js';
import { HarnessError } from '../errors/harness-error.js';
import { ProcessPlatform } from '../platform/process-platform.js';
import { EVERYTHING_COMMAND } from '../platform/testing/everything-server.js';
import { serverPreflight } from './server-preflight.js';

/** Before the first cell: your server's tools and its answer to an unknown session, from the server itself. */
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const scenario = (tools: string, client = '') =>
  resolveScenario({
    text: `name: pf
matrix: { model: legacy, policy: round-robin, replicas: 1 }
load: { executor: constant-arrival-rate, rate: 1, duration: 1s }
balancer: haproxy
workload:
  tools:
${tools}
${client}
servers:
  legacy:
    command:
      argv: ${JSON.stringify(EVERYTHING_COMMAND.argv)}
      env: { PORT: '{port}' }
`,
  });

async function preflight(tools: string, client = '') {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-preflight-'));
  dirs.push(dir);
  return serverPreflight(scenario(tools, client), ['legacy'], new ProcessPlatform(), `preflight-${process.pid}`, dir, new AbortController().signal);
}

describe('server preflight against a public server package', () => {
  it('measures how it says "session lost" (400/-32000, non-conforming) and fills in arguments generated from the tool schemas, seeded', async () => {
    const tools = '    - { name: echo, argumentsFrom: { schema: 3 } }\n    - { name: get-sum, arguments: { a: 1, b: 2 } }';
    const { facts, scenario: prepared } = await preflight(tools);
    expect(facts.get('legacy')?.lostSession).toEqual({
      signal: { status: 400, code: -32000 },
      report: { status: 400, code: -32000, message: 'Bad Request: No valid session ID provided', source: 'measured', conforming: false },
    });
    const generated = prepared.workload.tools[0]?.argumentsFrom;
    expect(generated?.kind).toBe('schema');
    expect(generated?.values).toHaveLength(3);
    for (const args of generated?.values ?? []) expect(Object.keys(args)).toEqual(['message']);
    expect(typeof generated?.values?.[0]?.['message']).toBe('string');
    // The same seed generates the same arguments.
    expect((await preflight(tools)).scenario.workload.tools[0]?.argumentsFrom?.values).toEqual(generated?.values);
  });

  it('refuses a tool the server does not list, or arguments its inputSchema rejects: exit 2 with the schema', async () => {
    let error: unknown;
    await preflight('    - { name: echo, arguments: { text: hi } }\n    - { name: ech0, arguments: {} }').catch((e: unknown) => (error = e));
    expect(error).toBeInstanceOf(HarnessError);
    const e = error as HarnessError;
    expect([e.code, e.exitCode]).toEqual(['E_SCENARIO_INVALID', 2]);
    expect(e.details).toEqual([
      `workload.tools[0].arguments: arguments of "echo" do not match its inputSchema: (arguments) must have required property 'message'`,
      '  inputSchema: {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{"message":{"type":"string","description":"Message to echo"}},"required":["message"]}',
      expect.stringMatching(/^workload\.tools\[1\]\.name: the server lists no tool "ech0" \(did you mean "echo"\?/),
    ]);
  });

  it('client.lostSessionStatus overrides the measured answer', async () => {
    const { facts } = await preflight('    - { name: echo, arguments: { message: hi } }', 'client: { lostSessionStatus: 410 }');
    expect(facts.get('legacy')?.lostSession?.report).toEqual({ status: 410, source: 'client.lostSessionStatus', conforming: false });
  });
});
