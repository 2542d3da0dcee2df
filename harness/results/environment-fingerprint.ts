import { createHash } from 'node:crypto';

/**
 * What makes two runs' figures comparable: the same machine shape and the same software under test.
 * Hostname, load average and the harness's git state are deliberately left out (a CI runner's name
 * changes every night; the harness revision is what a comparison is about).
 */
export interface EnvironmentFingerprint {
  readonly cpuModel: string;
  readonly cpuCount: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  /** SDK and balancer versions (package → version, balancer implementation → version). */
  readonly software: Readonly<Record<string, string>>;
  /** Short hash of everything above: equal hashes, comparable environments. */
  readonly hash: string;
}

const KEYS_THAT_MATTER = ['@modelcontextprotocol/sdk', '@modelcontextprotocol/server', '@modelcontextprotocol/node', 'haproxy', 'nginx', 'builtin'];

export function environmentFingerprint(environment: Readonly<Record<string, unknown>>, software: Readonly<Record<string, string>>): EnvironmentFingerprint {
  const picked: Record<string, string> = {};
  for (const k of KEYS_THAT_MATTER) if (software[k] !== undefined) picked[k] = software[k] as string;
  const base = {
    cpuModel: String(environment['cpuModel'] ?? 'unknown'),
    cpuCount: Number(environment['cpuCount'] ?? 0),
    memoryGiB: Math.round(Number(environment['memoryBytes'] ?? 0) / 2 ** 30),
    os: `${String(environment['platform'] ?? '?')}/${String(environment['arch'] ?? '?')}`,
    node: String(environment['node'] ?? 'unknown'),
    software: picked,
  };
  const hash = createHash('sha256').update(JSON.stringify(base)).digest('hex').slice(0, 12);
  return { ...base, hash };
}

/** The fields that differ between two fingerprints, e.g. ["cpuCount: 2 → 4", "haproxy: 2.6.12 → 2.8.3"]. */
export function fingerprintDifferences(a: EnvironmentFingerprint, b: EnvironmentFingerprint): string[] {
  const out: string[] = [];
  for (const k of ['cpuModel', 'cpuCount', 'memoryGiB', 'os', 'node'] as const) if (a[k] !== b[k]) out.push(`${k}: ${a[k]} → ${b[k]}`);
  for (const k of new Set([...Object.keys(a.software), ...Object.keys(b.software)])) {
    if (a.software[k] !== b.software[k]) out.push(`${k}: ${a.software[k] ?? 'absent'} → ${b.software[k] ?? 'absent'}`);
  }
  return out;
}
