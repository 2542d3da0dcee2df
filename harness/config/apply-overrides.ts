import { formatPath, isPlainObject, startsWith, valueAt, type ObjectPath } from './object-path.js';
import type { ScenarioOverride } from './scenario-overrides.js';
import type { ScenarioProblem } from './scenario-problem.js';
import { showValue } from './show-value.js';
import { MATRIX_DIMENSIONS } from './matrix-dimensions.js';
import { isUnsafeKey, UNSAFE_KEY_HINT } from './unsafe-keys.js';

/**
 * Merges the env and flag layers into the raw document (a copy), path by path, and afterwards tells
 * which layer supplied the value at a problem's path. Missing mappings on the way are created; a
 * scalar in the way is a problem, not something to replace, because that would discard a file value.
 */

export interface OverrideResult {
  readonly document: unknown;
  readonly applied: readonly ScenarioOverride[];
  readonly problems: readonly ScenarioProblem[];
}

function blocked(override: ScenarioOverride, message: string, hint: string): ScenarioProblem {
  return { path: override.path, subject: override.source, message, hint };
}

function applyOne(root: Record<string, unknown>, override: ScenarioOverride): ScenarioProblem | undefined {
  const { path, value } = override;
  let node: unknown = root;
  for (let depth = 0; depth < path.length; depth++) {
    const segment = path[depth]!;
    const here = formatPath(path.slice(0, depth));
    // Callers refuse these first; checked here too because this is where a write would reach a prototype.
    if (isUnsafeKey(segment)) return blocked(override, `${JSON.stringify(segment)} cannot be part of a path`, UNSAFE_KEY_HINT);
    if (typeof segment === 'number') {
      if (!Array.isArray(node)) return blocked(override, `${here} is ${showValue(node)}, not a list`, `set ${here} as a whole`);
      if (segment > node.length) {
        return blocked(override, `index ${segment} is past the end of ${here} (length ${node.length})`, `use an index up to ${node.length}`);
      }
    } else if (!isPlainObject(node)) {
      return blocked(override, `${here} is ${showValue(node)}, not a mapping`, `set ${here} as a whole`);
    }
    const container = node as Record<string | number, unknown>;
    if (depth === path.length - 1) container[segment] = value;
    else {
      // Own keys only: an inherited `toString` is not something in the document to descend into.
      if (!Object.hasOwn(container, segment) || container[segment] === undefined) container[segment] = typeof path[depth + 1] === 'number' ? [] : {};
      node = container[segment];
    }
  }
  return undefined;
}

const DIMENSION_NAMES: ReadonlySet<string> = new Set(MATRIX_DIMENSIONS);

/**
 * Narrowing a matrix dimension from the command line (`--policies round-robin`) also retires the file's
 * exclusions about values no longer in it: they could match no cell, which validation rightly calls a
 * mistake in a file, but here the flag made it so. Exclusions about values still in play stay.
 */
function retireStaleExclusions(document: Record<string, unknown>, override: ScenarioOverride): void {
  const [section, dimension] = override.path;
  if (override.path.length !== 2 || section !== 'matrix' || typeof dimension !== 'string' || !DIMENSION_NAMES.has(dimension)) return;
  const matrix = document['matrix'];
  if (!isPlainObject(matrix) || !Array.isArray(matrix['exclude'])) return;
  const values = Array.isArray(override.value) ? override.value : [override.value];
  matrix['exclude'] = matrix['exclude'].filter((e: unknown) => !isPlainObject(e) || e[dimension] === undefined || values.includes(e[dimension]));
}

/** Applies overrides in order; later ones win. A document that is not a mapping is left for validation to report. */
export function applyOverrides(data: unknown, overrides: readonly ScenarioOverride[]): OverrideResult {
  // A copy in every case: later steps edit the document (unsafe keys are deleted from it).
  const document = structuredClone(data);
  if (!isPlainObject(document)) return { document, applied: [], problems: [] };
  const applied: ScenarioOverride[] = [];
  const problems: ScenarioProblem[] = [];
  for (const override of overrides) {
    const problem = applyOne(document, override);
    if (problem === undefined) {
      applied.push(override);
      retireStaleExclusions(document, override);
    }
    else problems.push(problem);
  }
  return { document, applied, problems };
}

/**
 * The override that supplied the value at `path`: the last one at or above it; else, when the file has
 * nothing at `path`, one that created something below it (e.g. an unknown key made by `--set`).
 */
export function overrideFor(path: ObjectPath, applied: readonly ScenarioOverride[], fileData: unknown): ScenarioOverride | undefined {
  const above = applied.findLast((o) => startsWith(path, o.path));
  if (above !== undefined || path.length === 0 || valueAt(fileData, path) !== undefined) return above;
  return applied.findLast((o) => startsWith(o.path, path));
}
