import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
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

function fakeIo(): FakeIo {
  let out = '';
  let err = '';
  const stream = (append: (s: string) => void) => ({ write: (chunk: string | Uint8Array) => (append(String(chunk)), true) }) as unknown as NodeJS.WritableStream;
  return {
    stdout: stream((s) => (out += s)),
    stderr: stream((s) => (err += s)),
    env: { NO_COLOR: '1' },
    cwd: REPO,
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
