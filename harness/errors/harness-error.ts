/**
 * Every failure the harness reports to a user is a HarnessError: a stable code a script can match,
 * a hint that says what to do, and the process exit code the CLI will use. Library code throws these;
 * only `cli/` prints them and exits.
 */
export const ExitCode = {
  ok: 0,
  internal: 1,
  invalidInput: 2,
  infrastructure: 3,
  thresholdsFailed: 4,
  interrupted: 130,
  terminated: 143,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export type HarnessErrorCode =
  | 'E_SCENARIO_INVALID'
  | 'E_SCENARIO_READ'
  | 'E_USAGE'
  | 'E_PROCESS_START'
  | 'E_PROCESS_EXIT'
  | 'E_READINESS_TIMEOUT'
  | 'E_BALANCER_UNAVAILABLE'
  | 'E_POLICY_UNSUPPORTED'
  | 'E_PLATFORM_UNAVAILABLE'
  | 'E_ADMIN_QUERY'
  | 'E_RESULTS_WRITE'
  | 'E_RESULT_READ'
  | 'E_INTERRUPTED'
  | 'E_INTERNAL';

const defaultExitCode: Record<HarnessErrorCode, ExitCodeValue> = {
  E_SCENARIO_INVALID: ExitCode.invalidInput,
  E_SCENARIO_READ: ExitCode.invalidInput,
  E_USAGE: ExitCode.invalidInput,
  E_POLICY_UNSUPPORTED: ExitCode.infrastructure,
  E_PROCESS_START: ExitCode.infrastructure,
  E_PROCESS_EXIT: ExitCode.infrastructure,
  E_READINESS_TIMEOUT: ExitCode.infrastructure,
  E_BALANCER_UNAVAILABLE: ExitCode.infrastructure,
  E_PLATFORM_UNAVAILABLE: ExitCode.infrastructure,
  E_ADMIN_QUERY: ExitCode.infrastructure,
  E_RESULTS_WRITE: ExitCode.infrastructure,
  E_RESULT_READ: ExitCode.invalidInput,
  E_INTERRUPTED: ExitCode.interrupted,
  E_INTERNAL: ExitCode.internal,
};

export interface HarnessErrorOptions {
  hint?: string;
  cause?: unknown;
  exitCode?: ExitCodeValue;
  /** Extra lines (e.g. one per validation problem) printed under the message. */
  details?: readonly string[];
}

export class HarnessError extends Error {
  readonly code: HarnessErrorCode;
  readonly hint: string | undefined;
  readonly exitCode: ExitCodeValue;
  readonly details: readonly string[];

  constructor(code: HarnessErrorCode, message: string, options: HarnessErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HarnessError';
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? defaultExitCode[code];
    this.details = options.details ?? [];
  }
}

export function isHarnessError(e: unknown): e is HarnessError {
  return e instanceof HarnessError;
}

/** Node and undici errors carry a `code`; classification uses it, never the message text. */
export function errorCode(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null && 'code' in e) {
    const code = (e as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
