import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HarnessError } from '../errors/harness-error.js';
import { resolveScenario } from './resolve-scenario.js';

const BASE = `name: mine
matrix: { model: legacy, policy: round-robin, replicas: 3 }
load: { executor: constant-arrival-rate, rate: 5, duration: 1s }
workload:
  tools:
    - name: echo
      arguments: { message: hi }
`;

const COMMAND = `servers:
  legacy:
    command:
      argv: [node, server.js, streamableHttp]
      env: { PORT: '{port}', ID: '{id}' }
`;

function failure(text: string): HarnessError {
  try {
    resolveScenario({ text, file: '/work/scenarios/mine.yaml' });
  } catch (e) {
    if (e instanceof HarnessError) return e;
    throw e;
  }
  throw new Error('expected the scenario to be refused');
}

describe('servers.<model>.command / .image: your own server', () => {
  it('resolves a command, with its working directory relative to the scenario file', () => {
    const s = resolveScenario({ text: BASE + COMMAND + '      cwd: ..\n', file: '/work/scenarios/mine.yaml' });
    expect(s.servers.user).toEqual({
      legacy: { command: { argv: ['node', 'server.js', 'streamableHttp'], env: { PORT: '{port}', ID: '{id}' }, cwd: path.resolve('/work') }, image: undefined },
    });
    // Your server's tools are not the reference ones: echo takes whatever your server says it takes.
    expect(s.workload.tools).toEqual([{ name: 'echo', weight: 1, arguments: { message: 'hi' } }]);
  });

  it('defaults the working directory to the scenario file’s folder', () => {
    const s = resolveScenario({ text: BASE + COMMAND, file: '/work/scenarios/mine.yaml' });
    expect(s.servers.user?.legacy?.command?.cwd).toBe(path.resolve('/work/scenarios'));
  });

  it('keeps reference-server scenarios strict about the reference tools', () => {
    const e = failure(BASE);
    expect(e.details).toEqual([expect.stringMatching(/^workload\.tools\[0\]\.arguments\.text: missing required argument/), expect.stringMatching(/^workload\.tools\[0\]\.arguments\.message: unknown argument/)]);
  });

  it('refuses a command that never passes the port, with the path and a hint', () => {
    const e = failure(BASE + `servers:\n  legacy:\n    command: { argv: [node, server.js] }\n`);
    expect(e.details).toEqual([expect.stringMatching(/^servers\.legacy\.command: the replica's port is not passed to your server: no \{port\} in argv or env .* — .*env: \{ PORT: "\{port\}" \}/)]);
  });

  it('needs the platform’s way of starting it: a command on process, an image on docker, neither on external', () => {
    const image = `servers:\n  legacy:\n    image: { name: me/server:1, port: 3001 }\n`;
    expect(failure(BASE + image).details).toEqual([expect.stringMatching(/^servers\.legacy\.command: platform process starts replicas by command, but servers\.legacy has only an image .* — add servers\.legacy\.command/)]);
    expect(failure(BASE + COMMAND + 'platform: docker\n').details).toEqual([expect.stringMatching(/^servers\.legacy\.image: platform docker runs replicas from an image/)]);
    const docker = resolveScenario({ text: BASE + image + 'platform: docker\n' });
    expect(docker.servers.user?.legacy?.image).toEqual({ name: 'me/server:1', command: undefined, env: {}, port: 3001 });
    expect(failure(BASE + COMMAND + 'platform: external\nbalancer: haproxy\ntarget: { url: "http://127.0.0.1:1" }\n').details).toEqual([
      expect.stringMatching(/^servers\.legacy: platform external starts no replicas/),
    ]);
  });

  it('runs one server family: a model of the matrix without your server, flows and stores of the reference server are refused', () => {
    const text = BASE.replace('model: legacy', 'model: [legacy, stateless]').replace('replicas: 3 }', 'replicas: 3, flow: [tools, basket], store: [memory, redis], exclude: [{ model: legacy, flow: basket }] }') + COMMAND;
    expect(failure(text).details).toEqual([
      expect.stringMatching(/^matrix\.model: model stateless would run the reference server next to your legacy server .* — give servers\.stateless\.command/),
      expect.stringMatching(/^matrix\.flow: flow basket needs the reference server's tools/),
      expect.stringMatching(/^matrix\.store: store redis is an option of the reference server/),
    ]);
  });

  it('refuses your server for a model the matrix does not run', () => {
    expect(failure(BASE + COMMAND + `  stateless:\n    command: { argv: [srv, '{port}'] }\n`).details).toEqual([
      expect.stringMatching(/^servers\.stateless: your stateless server is given but matrix\.model has no stateless/),
    ]);
  });

  it('checks image fields', () => {
    expect(failure(BASE + `platform: docker\nservers:\n  legacy:\n    image: { name: Bad Name, port: 70000, env: { 1X: a } }\n`).details).toEqual(
      expect.arrayContaining([expect.stringMatching(/^servers\.legacy\.image\.name: "Bad Name" does not match/), expect.stringMatching(/^servers\.legacy\.image\.port: must be <= 65535/)]),
    );
  });
});

describe('your server’s tools and the client profile in the scenario', () => {
  it('accepts any tool with fixed, listed, sequenced or schema-generated arguments', () => {
    const tools = `    - { name: search, argumentsFrom: { list: [{ q: a }, { q: b }] } }
    - { name: get-sum, weight: 2, argumentsFrom: { sequence: [{ a: 1, b: 2 }] } }
    - { name: echo, argumentsFrom: { schema: 8 } }
    - { name: ping }
`;
    const s = resolveScenario({ text: BASE.replace(/  tools:\n[\s\S]*$/, `  tools:\n${tools}`) + COMMAND, file: '/work/scenarios/mine.yaml' });
    expect(s.workload.tools).toEqual([
      { name: 'search', weight: 1, arguments: {}, argumentsFrom: { kind: 'list', values: [{ q: 'a' }, { q: 'b' }] } },
      { name: 'get-sum', weight: 2, arguments: {}, argumentsFrom: { kind: 'sequence', values: [{ a: 1, b: 2 }] } },
      { name: 'echo', weight: 1, arguments: {}, argumentsFrom: { kind: 'schema', count: 8 } },
      { name: 'ping', weight: 1, arguments: {} },
    ]);
  });

  it('refuses fixed and varying arguments together, and an empty list', () => {
    const e = failure(BASE.replace(/  tools:\n[\s\S]*$/, `  tools:\n    - { name: a, arguments: { x: 1 }, argumentsFrom: { list: [{ x: 2 }] } }\n    - { name: b, argumentsFrom: { list: [] } }\n`) + COMMAND);
    expect(e.details).toEqual([
      expect.stringMatching(/^workload\.tools\[0\]\.argumentsFrom: give either arguments \(fixed\) or argumentsFrom \(varying\), not both/),
      expect.stringMatching(/^workload\.tools\[1\]\.argumentsFrom\.list: must list at least 1 entry/),
    ]);
  });

  it('platform external checks tools against the deployment, not the reference schema', () => {
    const s = resolveScenario({ text: BASE + 'platform: external\nbalancer: haproxy\ntarget: { url: "http://127.0.0.1:8080" }\n' });
    expect(s.workload.tools[0]).toEqual({ name: 'echo', weight: 1, arguments: { message: 'hi' } });
  });

  it('client.profile, client.lostSessionStatus and matrix.profile', () => {
    const s = resolveScenario({ text: BASE.replace('replicas: 3 }', 'replicas: 3, profile: [sdk, spec] }') + COMMAND + 'client: { profile: sdk, lostSessionStatus: 400 }\n' });
    expect([s.client.profile, s.client.lostSessionStatus, s.matrix.profiles]).toEqual(['sdk', 400, ['sdk', 'spec']]);
    expect(failure(BASE + COMMAND + 'client: { profile: agent, lostSessionStatus: 200 }\n').details).toEqual([
      expect.stringMatching(/^client\.profile: unknown value "agent" .* — valid: sdk, spec$/),
      expect.stringMatching(/^client\.lostSessionStatus: must be >= 400 \(got 200\)/),
    ]);
  });
});
