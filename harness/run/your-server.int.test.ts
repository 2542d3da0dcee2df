import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, it } from 'vitest';
import { resolveScenario } from '../config/resolve-scenario.js';
import { expectYourServerAccepted } from '../testing/your-server-checks.js';
import { runScenario } from './run-scenario.js';

const SCENARIO = fileURLToPath(new URL('../../scenarios/your-server.yaml', import.meta.url));

describe('scenarios/your-server.yaml on platform process: a public server package as 3 replicas behind HAProxy', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs both cells with its own tools, no tool errors, counts reconciled from the balancer', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-lb-bench-your-server-'));
    const scenario = resolveScenario({ file: SCENARIO, env: {}, flags: { duration: '2s', warmup: '500ms', set: [] } });
    const { result } = await runScenario({ scenario, resultsRoot: dir, signal: new AbortController().signal, command: ['test'] });
    expectYourServerAccepted(result, 'process');
  }, 120_000);
});
