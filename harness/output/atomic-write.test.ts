import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HarnessError } from '../errors/harness-error.js';
import { writeFileAtomic } from './atomic-write.js';
import { makeDirs } from './make-dirs.js';

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

describe('makeDirs', () => {
  it('creates every missing folder of a path, and accepts one that exists', async () => {
    const root = mkdtempSync(join(tmpdir(), 'make-dirs-'));
    await makeDirs(join(root, 'a', 'b', 'c'));
    await makeDirs(join(root, 'a', 'b', 'c'));
    expect(readdirSync(join(root, 'a', 'b'))).toEqual(['c']);
  });

  // Node's recursive mkdir never settles here (it retries ENOENT forever): this would time out.
  it('gives up on /proc/self with the errno instead of retrying forever', async () => {
    expect(await rejection(makeDirs('/proc/self/results/run'))).toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a path through a file', async () => {
    const root = mkdtempSync(join(tmpdir(), 'make-dirs-'));
    writeFileSync(join(root, 'file'), '');
    expect(await rejection(makeDirs(join(root, 'file', 'sub')))).toMatchObject({ code: 'ENOTDIR' });
  });
});

describe('writeFileAtomic', () => {
  it('writes the content, creating the folders, and leaves no temporary file', async () => {
    const root = mkdtempSync(join(tmpdir(), 'atomic-'));
    const file = join(root, 'run', 'cells', 'x', 'result.json');
    await writeFileAtomic(file, '{}\n');
    expect(readFileSync(file, 'utf8')).toBe('{}\n');
    expect(readdirSync(join(root, 'run', 'cells', 'x'))).toEqual(['result.json']);
  });

  it('fails with E_RESULTS_WRITE, the errno and a hint that fits it, where folders cannot be made', async () => {
    const error = await rejection(writeFileAtomic('/proc/self/results/run/result.json', '{}'));
    expect(error).toBeInstanceOf(HarnessError);
    expect((error as HarnessError).code).toBe('E_RESULTS_WRITE');
    expect((error as HarnessError).message).toBe('could not write /proc/self/results/run/result.json (ENOENT)');
    expect((error as HarnessError).hint).toContain('Folders cannot be created there');
    expect((error as HarnessError).hint).not.toContain('disk');
  });
});
