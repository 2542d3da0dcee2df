import type { BalancerPolicy } from '../balancers/balancer.js';
import type { ClientProfileName, FlowName, MatrixExclusion, MatrixSpec, ProtocolModelName, StoreName } from './resolved-scenario.js';

/**
 * The dimensions of a run's matrix, listed once: the order cells are generated in, the matrix keys
 * that list their values, the values a cell id leaves out (the defaults), and how a value reads in it.
 * Cell ids, exclusions, the cross product, `--set matrix.x=...` and every result row derive from this.
 */
export const MATRIX_DIMENSIONS = ['model', 'policy', 'replicas', 'flow', 'store', 'profile'] as const;
export type MatrixDimension = (typeof MATRIX_DIMENSIONS)[number];

/** One combination of the matrix's dimensions: a cell's coordinates. */
export interface MatrixCell {
  readonly model: ProtocolModelName;
  readonly policy: BalancerPolicy;
  readonly replicas: number;
  readonly flow: FlowName;
  readonly store: StoreName;
  /**
   * The client profile, when the matrix lists profiles (`matrix.profile`); absent = the scenario's
   * `client.profile` for every cell (and cell ids stay as they were without the dimension).
   */
  readonly profile?: ClientProfileName | undefined;
}

/** Where each dimension's values live in MatrixSpec. */
export const MATRIX_SPEC_KEYS: Readonly<Record<MatrixDimension, keyof Omit<MatrixSpec, 'exclude'>>> = {
  model: 'models',
  policy: 'policies',
  replicas: 'replicas',
  flow: 'flows',
  store: 'stores',
  profile: 'profiles',
};

/** How a value reads in a cell id; undefined = left out (the dimension's default). */
const ID_PART: Readonly<Record<MatrixDimension, (v: string | number) => string | undefined>> = {
  model: String,
  policy: String,
  replicas: (v) => `r${v}`,
  flow: (v) => (v === 'tools' ? undefined : String(v)),
  store: (v) => (v === 'memory' ? undefined : String(v)),
  profile: (v) => (v === undefined ? undefined : String(v)),
};

/** e.g. "legacy.round-robin.r3", "stateless.round-robin.r3.basket.redis", "legacy.round-robin.r3.spec": defaults (tools, memory, no matrix.profile) are left out. */
export function cellId(c: MatrixCell): string {
  return MATRIX_DIMENSIONS.flatMap((d) => ID_PART[d](c[d] as string | number) ?? []).join('.');
}

/**
 * A cell's id in a scenario: a cell of the scenario's own client profile keeps the id it has without
 * matrix.profile (so ids stay stable across runs); a cell of another profile says which.
 */
export function scenarioCellId(c: MatrixCell, clientProfile: string | undefined): string {
  const { profile, ...rest } = coordinatesOf(c);
  return cellId(profile === (clientProfile ?? 'spec') ? rest : { ...rest, ...(profile !== undefined ? { profile } : {}) });
}

/** A cell's coordinates alone (e.g. from a larger object such as a plan or a result row). */
export function coordinatesOf(c: MatrixCell): MatrixCell {
  return { model: c.model, policy: c.policy, replicas: c.replicas, flow: c.flow, store: c.store, ...(c.profile !== undefined ? { profile: c.profile } : {}) };
}

export function matchesCell(exclusion: MatrixExclusion, cell: MatrixCell): boolean {
  return MATRIX_DIMENSIONS.every((key) => exclusion[key] === undefined || exclusion[key] === cell[key]);
}

/** Every combination, in a stable order (model, policy, replicas, flow, store), before exclusions. */
export function crossProduct(spec: Omit<MatrixSpec, 'exclude'>): MatrixCell[] {
  let partial: Array<Partial<Record<MatrixDimension, unknown>>> = [{}];
  for (const d of MATRIX_DIMENSIONS) {
    const values = spec[MATRIX_SPEC_KEYS[d]] as readonly unknown[] | undefined;
    // An optional dimension the matrix does not list adds nothing (not even an undefined key).
    if (values === undefined || values.length === 0) continue;
    partial = partial.flatMap((p) => values.map((v) => ({ ...p, [d]: v })));
  }
  return partial as unknown as MatrixCell[];
}

/** The cells left after exclusions, in generation order. */
export function matrixCells(spec: MatrixSpec): MatrixCell[] {
  return crossProduct(spec).filter((c) => !spec.exclude.some((e) => matchesCell(e, c)));
}

export function describeMatrix(spec: Omit<MatrixSpec, 'exclude'>): string {
  return `the matrix has ${MATRIX_DIMENSIONS.filter((d) => spec[MATRIX_SPEC_KEYS[d]] !== undefined)
    .map((d) => `${d}: ${(spec[MATRIX_SPEC_KEYS[d]] as readonly unknown[]).join(', ')}`)
    .join('; ')}`;
}
