import type { CliIo } from '../io.js';

export interface FakeIo extends CliIo {
  readonly out: () => string;
  readonly err: () => string;
}

/** A CliIo for tests of main(): output captured, no signals, colour off, `env` added to NO_COLOR. */
export function fakeIo(cwd: string, env: Record<string, string> = {}): FakeIo {
  let out = '';
  let err = '';
  const stream = (append: (s: string) => void) => ({ write: (chunk: string | Uint8Array) => (append(String(chunk)), true) }) as unknown as NodeJS.WritableStream;
  return {
    stdout: stream((s) => (out += s)),
    stderr: stream((s) => (err += s)),
    env: { NO_COLOR: '1', ...env },
    cwd,
    onSignal: () => () => undefined,
    forceExit: (code) => {
      throw new Error(`forceExit(${code}) was not expected`);
    },
    out: () => out,
    err: () => err,
  };
}
