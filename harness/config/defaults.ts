import { defaultImageNames } from '../images/image-names.js';
import { deepFreeze } from './deep-freeze.js';

/**
 * Every default of the scenario format, in one place and in the file's own notation (durations as
 * text). The schema feeds them through validation and desugaring exactly like user input (zod
 * `prefault`), so a default can never skip a check, and the JSON Schema shows them to editors as typed.
 * Keys that are not here (name, matrix.model/policy/replicas, load.executor/rate/clients/duration) are
 * required: they define what a run measures, and guessing them would hide a mistake.
 */
export const SCENARIO_DEFAULTS = deepFreeze({
  description: '',
  platform: 'process',
  // mcp-lb-bench/<kind>:<harness version>, as `mcp-lb-bench images build [--offline]` tags them.
  images: defaultImageNames(),
  balancer: 'auto',
  // The rest of `balancer` when given as a mapping; `default` = each balancer's documented defaults.
  balancerOptions: { pools: [] as never[], healthCheck: 'default', retries: 'default', redispatch: 'default' },
  matrix: { exclude: [] as never[] },
  load: { warmup: '2s', maxInFlight: 1000, unit: 'sessions' },
  generator: { workers: 0 },
  workload: {
    taskJob: '300ms',
    taskCancelFraction: 0,
    callsPerSession: 5,
    sseStream: true,
    listTools: false,
    thinkTime: 0,
    thinkTimeJitter: 0.5,
    toolWeight: 1,
    tools: [{ name: 'echo', weight: 1, arguments: { text: 'hello' } }],
  },
  client: { timeout: '10s', maxConnections: 1024, cookies: true, sourceAddresses: 1 },
  servers: {
    legacy: { unknownSessionStatus: 404, sessionIdleTimeout: '5m' },
    readinessTimeout: '15s',
  },
  seed: 1,
  // Only for `mcp-lb-bench size` (scenario sections `slo` and `sizing`; both optional for `run`).
  slo: { minCalls: 20 },
  sizing: {
    cfsPeriod: '100ms',
    startRate: 10,
    maxRate: 5000,
    growthFactor: 2,
    precision: '5%',
    step: '4s',
    stepWarmup: '1s',
    replicaWarmup: '8s',
    confirm: '8s',
    settleTimeout: '5s',
    quick: { precision: '15%', step: '1500ms', stepWarmup: '500ms', replicaWarmup: '4s', confirm: '3s' },
  },
} as const);
