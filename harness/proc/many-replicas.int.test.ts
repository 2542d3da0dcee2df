import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ServersSpec } from '../config/resolved-scenario.js';
import type { StartedTopology } from '../platform/platform.js';
import { ProcessPlatform } from '../platform/process-platform.js';

const servers: ServersSpec = { legacy: { unknownSessionStatus: 404, sessionIdleTimeoutMs: 300_000 }, readinessTimeoutMs: 120_000 };

describe('a 12-replica topology on platform process', () => {
  let workDir: string | undefined;
  let topology: StartedTopology | undefined;
  afterAll(async () => {
    await topology?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('starts without a MaxListenersExceededWarning (the cell signal is shared by every replica\'s readiness wait)', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => void warnings.push(w);
    process.on('warning', onWarning);
    try {
      workDir = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-r12-'));
      const cell = new AbortController();
      topology = await new ProcessPlatform().start(
        { runId: `r12-${process.pid}`, cellId: 'stateless.round-robin.r12', model: 'stateless', replicas: 12, policy: 'round-robin', balancer: 'builtin', servers, workDir },
        cell.signal,
      );
      expect(topology.replicas).toHaveLength(12);
      // Warnings are emitted on the next tick; let them arrive before judging.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning').map((w) => w.message)).toEqual([]);
  }, 240_000);
});
