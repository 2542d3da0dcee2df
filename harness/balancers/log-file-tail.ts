import { open } from 'node:fs/promises';

/**
 * Reads the lines appended to a file since the last read (a balancer's access log), so counting a
 * long cell's log costs what was written since, not the whole file each time. A line still being
 * written (no newline yet) waits for the next read.
 */
export class LogFileTail {
  private offset = 0;
  private partial = '';

  constructor(private readonly file: string) {}

  async newLines(): Promise<string[]> {
    let handle;
    try {
      handle = await open(this.file, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    try {
      const { size } = await handle.stat();
      if (size <= this.offset) return [];
      const buffer = Buffer.alloc(size - this.offset);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.offset);
      this.offset += bytesRead;
      const parts = (this.partial + buffer.subarray(0, bytesRead).toString('utf8')).split('\n');
      this.partial = parts.pop() ?? '';
      return parts;
    } finally {
      await handle.close();
    }
  }
}
