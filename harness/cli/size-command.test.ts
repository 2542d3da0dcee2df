import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CliIo } from './io.js';
import { main } from './main.js';
import { parseTarget } from './size-command.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

function fakeIo(): CliIo & { out: () => string; err: () => string } {
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

describe('mcp-lb-bench size (nothing started)', () => {
  it('--dry-run prints the cells and the search it would run, --quick its preset', async () => {
    const io = fakeIo();
    expect(await main(['size', 'scenarios/capacity.yaml', '--dry-run', '--quick'], io)).toBe(0);
    expect(io.out()).toContain('size capacity: 9 cells on platform process');
    expect(io.out()).toContain('cap: 0.25 core per replica (CFS period 100 ms)');
    expect(io.out()).toContain('bisect to ±25%; replicas warmed 1.5 s uncapped, then steps of 0.3 s warm-up + 1 s, confirmation 1.2 s (--quick)');
    expect(io.out()).toContain('[4] legacy.round-robin.r1.redis');
  });

  it('refuses a scenario without an SLO (exit 2), naming what to add', async () => {
    const io = fakeIo();
    expect(await main(['size', 'scenarios/smoke.yaml', '--dry-run'], io)).toBe(2);
    expect(io.err()).toContain('scenario smoke has no slo and no sizing section: size needs both');
  });

  it('refuses a target that is not a rate (exit 2)', async () => {
    const io = fakeIo();
    expect(await main(['size', 'scenarios/capacity.yaml', '--dry-run', '--target', 'lots'], io)).toBe(2);
    expect(io.err()).toContain('--target lots: not a rate');
    expect([parseTarget('500/s'), parseTarget(' 12.5 '), parseTarget(undefined)]).toEqual([500, 12.5, undefined]);
  });
});
