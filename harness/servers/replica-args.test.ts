import { describe, expect, it } from 'vitest';
import { HarnessError } from '../errors/harness-error.js';
import { DEFAULT_SESSION_IDLE_TIMEOUT_MS, parseReplicaArgs } from './replica-args.js';

function usageProblems(argv: string[]): readonly string[] {
  try {
    parseReplicaArgs(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(HarnessError);
    const error = e as HarnessError;
    expect(error.code).toBe('E_USAGE');
    expect(error.exitCode).toBe(2);
    return error.details;
  }
  throw new Error(`expected ${argv.join(' ')} to be rejected`);
}

describe('parseReplicaArgs', () => {
  it('applies the documented defaults', () => {
    expect(parseReplicaArgs(['--model', 'legacy', '--id', 'r1'])).toEqual({
      model: 'legacy',
      replicaId: 'r1',
      host: '127.0.0.1',
      port: 0,
      unknownSessionStatus: 404,
      sessionIdleTimeoutMs: DEFAULT_SESSION_IDLE_TIMEOUT_MS,
    });
    expect(DEFAULT_SESSION_IDLE_TIMEOUT_MS).toBe(300_000);
  });

  it('reads every option, in either --flag value or --flag=value form', () => {
    expect(
      parseReplicaArgs(['--model=legacy', '--id', 'r2', '--host', '0.0.0.0', '--port', '8080', '--unknown-session-status', '400', '--session-idle-timeout-ms=1500']),
    ).toEqual({ model: 'legacy', replicaId: 'r2', host: '0.0.0.0', port: 8080, unknownSessionStatus: 400, sessionIdleTimeoutMs: 1500 });
    expect(parseReplicaArgs(['--model', 'stateless', '--id', 's1']).model).toBe('stateless');
  });

  it('requires --model and --id', () => {
    expect(usageProblems([])).toEqual(['--model is required (legacy or stateless)', '--id is required (e.g. r1)']);
  });

  it('reports every problem at once', () => {
    const problems = usageProblems(['--model', 'sticky', '--id', 'r 1', '--port', '70000', '--unknown-session-status', '410', '--session-idle-timeout-ms', '-5', '--verbose', 'extra']);
    expect(problems).toEqual([
      'unknown option --verbose',
      'unexpected argument(s): extra',
      '--model must be legacy or stateless, got "sticky"',
      '--id must be 1-128 visible ASCII characters without spaces, got "r 1"',
      '--port must be an integer from 0 to 65535, got "70000"',
      '--unknown-session-status must be 404 or 400, got "410"',
      '--session-idle-timeout-ms must be an integer from 0 to 2147483647, got "-5"',
    ]);
  });

  it('rejects a flag without a value and non-integer numbers', () => {
    expect(usageProblems(['--model', 'legacy', '--id', 'r1', '--port', '1.5'])).toEqual(['--port must be an integer from 0 to 65535, got "1.5"']);
    expect(usageProblems(['--model', 'legacy', '--id', 'r1', '--host'])).toEqual(['--host needs a value']);
  });

  it('accepts (validated, without effect) the legacy-only options on a stateless replica', () => {
    expect(parseReplicaArgs(['--model', 'stateless', '--id', 's1', '--unknown-session-status', '400', '--session-idle-timeout-ms', '10'])).toMatchObject({
      model: 'stateless',
      unknownSessionStatus: 400,
      sessionIdleTimeoutMs: 10,
    });
    expect(usageProblems(['--model', 'stateless', '--id', 's1', '--unknown-session-status', '500'])).toEqual(['--unknown-session-status must be 404 or 400, got "500"']);
  });
});
