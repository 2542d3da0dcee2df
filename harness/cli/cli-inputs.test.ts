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
