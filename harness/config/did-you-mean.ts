/**
 * "Did you mean" suggestions for unknown keys and values, by edit distance (optimal string alignment:
 * a swapped pair of letters costs 1, as typos usually are). A candidate is also scored against its best
 * prefix, so a short misspelling of a long name ("stiky" for "sticky-cookie") still finds it.
 */

/** Returns [full distance, distance to the closest prefix of `b`]. Case-insensitive. */
function distances(aRaw: string, bRaw: string): [number, number] {
  const a = aRaw.toLowerCase();
  const b = bRaw.toLowerCase();
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [];
    for (let j = 0; j <= b.length; j++) {
      if (i === 0 || j === 0) {
        row.push(i + j);
        continue;
      }
      const prev = rows[i - 1]!;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      row.push(best);
    }
    rows.push(row);
  }
  const last = rows[a.length]!;
  return [last[b.length]!, Math.min(...last)];
}

/**
 * The closest candidate within a typo's reach of `input`, or undefined. Ties go to the earlier candidate,
 * so callers list candidates in their natural order.
 */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  if (input === '') return undefined;
  const reach = Math.max(1, Math.ceil(input.length * 0.4));
  let best: { name: string; score: number } | undefined;
  for (const candidate of candidates) {
    if (candidate === input) continue;
    const [full, prefix] = distances(input, candidate);
    // A prefix match is a weaker signal than a whole-word match, hence the half-point penalty.
    const score = Math.min(full, prefix + 0.5);
    if (score <= reach && (best === undefined || score < best.score)) best = { name: candidate, score };
  }
  return best?.name;
}

/** `did you mean "x"? valid: a, b, c` — or just the valid list when nothing is close. */
export function suggestionHint(input: unknown, candidates: readonly string[], label = 'valid'): string {
  const guess = typeof input === 'string' ? didYouMean(input, candidates) : undefined;
  const list = `${label}: ${candidates.join(', ')}`;
  return guess === undefined ? list : `did you mean "${guess}"? ${list}`;
}
