import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from './io.js';
import { main } from './main.js';

/**
 * Hostile and mistaken input on the command line, through main() with a fake CliIo: the exit code and
 * the one-line message are the contract. Nothing here gets as far as starting a process.
 */

const REPO = fileURLToPath(new URL('../..', import.meta.url));

interface FakeIo extends CliIo {
  readonly out: () => string;
  readonly err: () => string;
}

function fakeIo(cwd = REPO): FakeIo {
  let out = '';
  let err = '';
  const stream = (append: (s: string) => void) => ({ write: (chunk: string | Uint8Array) => (append(String(chunk)), true) }) as unknown as NodeJS.WritableStream;
  return {
    stdout: stream((s) => (out += s)),
    stderr: stream((s) => (err += s)),
    env: { NO_COLOR: '1' },
    cwd,
    onSignal: () => () => undefined,
    forceExit: (code) => {
      throw new Error(`forceExit(${code}) was not expected`);
    },
    out: () => out,
    err: () => err,
  };
}

describe('the CLI on hostile input', () => {
  afterEach(() => {
    delete (Object.prototype as Record<string, unknown>)['polluted'];
  });

  it('refuses --set __proto__.polluted=1 with exit 2 and one problem line, leaving Object.prototype alone', async () => {
    const io = fakeIo();
    const code = await main(['plan', 'scenarios/smoke.yaml', '--set', '__proto__.polluted=1'], io);
    expect(io.err()).toContain('--set __proto__.polluted=1: "__proto__" cannot be part of a path');
    expect(io.err()).not.toContain('internal error');
    expect(code).toBe(2);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

describe('the CLI on a bad --results-dir', () => {
  // Valid, but with a policy nginx cannot express: were the results folder not checked first, the
  // run would get as far as its preflight and write a failed result.json into that folder.
  const SCENARIO = 'name: results-dir\nbalancer: nginx\nmatrix: { model: legacy, policy: sticky-session-id, replicas: 1 }\nload: { executor: constant-arrival-rate, rate: 5, duration: 1s }\n';
  let dir: string;
  let scenario: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-results-dir-'));
    scenario = join(dir, 'results-dir.yaml');
    writeFileSync(scenario, SCENARIO);
    writeFileSync(join(dir, 'a-file'), '');
  });

  it("refuses --results-dir '' (exit 2) instead of writing into the current folder", async () => {
    const io = fakeIo(dir);
    const code = await main(['run', scenario, '--results-dir', ''], io);
    expect(io.err()).toContain('error: --results-dir is empty');
    expect(io.err()).toContain('hint: give a folder, e.g. --results-dir results');
    expect(code).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['a-file', 'results-dir.yaml']);
  });

  it.each([
    ['/proc/self', 'the file system there refuses new folders'],
    ['/proc/self/results', 'the file system there refuses new folders'],
    ['a-file', 'it, or a folder on its path, is a file'],
    ['a-file/results', 'it, or a folder on its path, is a file'],
  ])('refuses --results-dir %s at once (exit 2), naming why', async (given, reason) => {
    const io = fakeIo(dir);
    const code = await main(['run', scenario, '--results-dir', given], io);
    expect(io.err()).toContain(`error: --results-dir ${given}: cannot create run folders there (${reason})`);
    expect(io.err()).toContain('hint: choose a writable folder');
    expect(code).toBe(2);
  });
});

describe('the CLI on files it cannot read: one error line and one hint line each', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-unreadable-'));
    writeFileSync(join(dir, 'yaml.json'), 'name: smoke\nmatrix:\n  model: [legacy, stateless]\n  policy: [round-robin, sticky-session-id]\n  replicas: [3]\nload:\n  executor: constant-arrival-rate\n  rate: 10\n  duration: 1s\n  warmup: 0.5s\nworkload:\n  callsPerSession: 5\n  sseStream: true\nclient:\n  timeout: 5s\n');
    writeFileSync(join(dir, 'two.yaml'), 'name: a\n---\nname: b\n');
    writeFileSync(join(dir, 'binary.yaml'), Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919 + 13) % 256)));
    writeFileSync(join(dir, 'deep.yaml'), `name: deep\nx: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
    writeFileSync(join(dir, 'long.yaml'), `${'x'.repeat(200_000)}\n`);
  });

  it.each([
    ['yaml.json', /^error: cannot parse scenario .*yaml\.json: it is YAML, not JSON$/],
    ['two.yaml', /^error: cannot parse scenario .*two\.yaml:2:1: a second YAML document starts here \(a scenario is one document\)$/],
    ['binary.yaml', /^error: cannot read scenario .*binary\.yaml: not a text file \(a NUL byte at offset \d+\)$/],
    ['deep.yaml', /^error: cannot parse scenario .*deep\.yaml:\d+:\d+: nested too deeply to read/],
    ['long.yaml', /^error: scenario .*long\.yaml is invalid: 1 problem$/],
  ])('validate %s: exit 2, two short lines', async (file, first) => {
    const io = fakeIo(dir);
    const code = await main(['validate', file], io);
    expect(code).toBe(2);
    const lines = io.err().trimEnd().split('\n');
    expect(lines[0]).toMatch(first);
    expect(lines.at(-1)).toMatch(/^hint: /);
    expect(lines.length).toBeLessThanOrEqual(file === 'long.yaml' ? 3 : 2);
    for (const line of lines) expect(line.length).toBeLessThan(320);
  }, 30_000);
});
