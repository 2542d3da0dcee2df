import { dockerClient } from './docker-client.js';

/**
 * Splits Docker's multiplexed log stream (non-TTY containers): frames of an 8-byte header — stream
 * type, three zero bytes, big-endian payload length — followed by the payload.
 */
export function demuxDockerLog(buffer: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let at = 0;
  while (at + 8 <= buffer.length) {
    const type = buffer[at];
    const size = buffer.readUInt32BE(at + 4);
    const payload = buffer.subarray(at + 8, at + 8 + size);
    (type === 2 ? err : out).push(payload);
    at += 8 + size;
  }
  return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/** The last `tail` lines a container printed on stdout, across its restarts (Docker keeps them). */
export async function containerStdoutTail(containerId: string, tail: number): Promise<string[]> {
  const docker = (await dockerClient()).container.dockerode;
  const raw = (await docker.getContainer(containerId).logs({ stdout: true, stderr: false, tail, follow: false })) as unknown as Buffer;
  return demuxDockerLog(Buffer.isBuffer(raw) ? raw : Buffer.from(raw)).stdout.split('\n').filter((l) => l.length > 0);
}
