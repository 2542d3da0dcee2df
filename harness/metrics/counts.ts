/** Nested string-keyed counters (e.g. replica → method → status → n), JSON-serialisable as they are. */
export type Count2 = Record<string, Record<string, number>>;
export type Count3 = Record<string, Count2>;

export function bump1(m: Record<string, number>, k: string, by = 1): void {
  m[k] = (m[k] ?? 0) + by;
}

export function bump2(m: Count2, a: string, b: string, by = 1): void {
  const inner = (m[a] ??= {});
  inner[b] = (inner[b] ?? 0) + by;
}

export function bump3(m: Count3, a: string, b: string, c: string, by = 1): void {
  bump2((m[a] ??= {}), b, c, by);
}

export function sumValues(m: Record<string, number>): number {
  let total = 0;
  for (const v of Object.values(m)) total += v;
  return total;
}
