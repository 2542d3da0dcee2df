import { formatPath, type ObjectPath } from './object-path.js';

/**
 * One thing wrong with a scenario: where (path), what, how to fix it, and which layer supplied the
 * offending value. Rendered on one line, `<path>: <what> (<origin>) — <hint>`, the stable form users and
 * tests match on.
 */
export interface ScenarioProblem {
  readonly path: ObjectPath;
  /** Shown instead of the path when the problem is not at a path (a malformed `--set`). */
  readonly subject?: string | undefined;
  readonly message: string;
  readonly hint: string | undefined;
  /** e.g. `from --rate`, `from MCP_LB_BENCH_RATE`, `in scenarios/x.yaml:7:3`; filled in by attribution. */
  readonly origin?: string | undefined;
}

export function renderProblem(problem: ScenarioProblem): string {
  const origin = problem.origin === undefined ? '' : ` (${problem.origin})`;
  const hint = problem.hint === undefined || problem.hint === '' ? '' : ` — ${problem.hint}`;
  return `${problem.subject ?? formatPath(problem.path)}: ${problem.message}${origin}${hint}`;
}
