import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { HarnessError } from '../errors/harness-error.js';

/**
 * Reads a scenario file's text with bounds: only regular files (a device such as /dev/zero, a pipe or
 * a socket can be endless or block forever), at most MAX_SCENARIO_BYTES (a scenario is a few kB; a
 * file a thousand times that is the wrong file, and parsing it would take seconds), and only UTF-8 text.
 */

/**
 * 256 KiB: a hundred times the largest shipped scenario, with room for large echo payloads. Parsing
 * is linear but not fast: the worst shapes cost the yaml library about 4 µs of CPU per byte here, so
 * this keeps the worst file near a second (1 MiB would be four).
 */
export const MAX_SCENARIO_BYTES = 256 * 1024;

const PATH_HINT = 'check the path (relative paths start at the current directory); shipped scenarios are in scenarios/';
const TEXT_HINT = 'a scenario is UTF-8 text in YAML or JSON; check the path, shipped scenarios are in scenarios/';

function readError(file: string, reason: string, hint: string, cause?: unknown): HarnessError {
  return new HarnessError('E_SCENARIO_READ', `cannot read scenario ${file}: ${reason}`, { hint, cause });
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

function tooLarge(file: string, bytes: number | undefined): HarnessError {
  const size = bytes === undefined ? `more than ${formatBytes(MAX_SCENARIO_BYTES)}` : formatBytes(bytes);
  return readError(file, `${size} is too large for a scenario (at most ${formatBytes(MAX_SCENARIO_BYTES)})`, `a scenario file is a few KiB: is this the right file? ${PATH_HINT}`);
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a pipe';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function requireRegularFile(file: string, stats: Stats): void {
  if (stats.isFile()) return;
  const kind = kindOf(stats);
  const hint = stats.isDirectory() ? `pass a scenario file inside it, e.g. ${file.replace(/\/$/, '')}/headline.yaml` : `pass the scenario file itself: devices, pipes and sockets are refused because they can be endless; ${PATH_HINT}`;
  throw readError(file, `${kind === 'not a regular file' ? kind : `${kind}, not a file`}`, hint);
}

function statOrThrow(file: string): Stats {
  try {
    return statSync(file);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'ENOTDIR' ? 'a part of the path is not a folder' : (cause as Error).message;
    throw readError(file, reason, PATH_HINT, cause);
  }
}

/** Reads at most MAX_SCENARIO_BYTES + 1 bytes: enough to tell "too large" even when the size was not known. */
function readBounded(file: string): Buffer {
  // Non-blocking open: if a pipe was swapped in after the stat, opening it must not wait for a writer.
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = fstatSync(fd);
    requireRegularFile(file, stats);
    if (stats.size > MAX_SCENARIO_BYTES) throw tooLarge(file, stats.size);
    const buffer = Buffer.alloc(MAX_SCENARIO_BYTES + 1);
    let length = 0;
    // Files in /proc report size 0 and grow while read: the bound, not the reported size, ends the loop.
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > MAX_SCENARIO_BYTES) throw tooLarge(file, undefined);
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 text without NUL bytes, else a one-line error that does not echo the bytes. */
function decode(file: string, bytes: Buffer): string {
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw readError(file, `not a text file (a NUL byte at offset ${nul})`, TEXT_HINT);
  try {
    return UTF8.decode(bytes);
  } catch (cause) {
    throw readError(file, 'not a text file (it is not valid UTF-8)', TEXT_HINT, cause);
  }
}

/** Reads a scenario file. Throws E_SCENARIO_READ (exit code 2) when it is missing, not a regular file, too large or not text. */
export function readScenarioText(file: string): string {
  requireRegularFile(file, statOrThrow(file));
  let bytes: Buffer;
  try {
    bytes = readBounded(file);
  } catch (cause) {
    if (cause instanceof HarnessError) throw cause;
    throw readError(file, (cause as Error).message, PATH_HINT, cause);
  }
  return decode(file, bytes);
}

/** The same bounds for scenario text given directly (tests, tools). */
export function checkScenarioText(label: string, text: string): void {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_SCENARIO_BYTES) throw tooLarge(label, bytes);
  const nul = text.indexOf('\0');
  if (nul >= 0) throw readError(label, `not a text file (a NUL character at offset ${nul})`, TEXT_HINT);
}
