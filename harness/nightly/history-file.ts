import { appendFile, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { HarnessError } from '../errors/harness-error.js';
import { makeDirs } from '../output/make-dirs.js';
import { HISTORY_LINE_VERSION, type HistoryLine } from '../results/history-record.js';

/** Appends one run as one line. A file whose last line was cut short (a killed job) gets a newline first, so the new line stays whole. */
export async function appendHistoryLine(file: string, line: HistoryLine): Promise<void> {
  const text = `${JSON.stringify(line)}\n`;
  try {
    await makeDirs(path.dirname(file));
    const lead = (await endsWithoutNewline(file)) ? '\n' : '';
    await appendFile(file, lead + text, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new HarnessError('E_RESULTS_WRITE', `could not append to the history ${file}${code ? ` (${code})` : ''}`, { cause: e, hint: 'check that the folder exists and is writable (--history <file.jsonl>)' });
  }
}

async function endsWithoutNewline(file: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    await handle.close();
  }
}

// What every reader relies on; figures and histograms are taken as the same version wrote them.
const lineSchema = z.looseObject({
  kind: z.literal('mcp-lb-bench-history'),
  version: z.number().int().min(1),
  time: z.string(),
  run: z.looseObject({ runId: z.string(), scenario: z.string(), scenarioHash: z.string(), fingerprint: z.looseObject({ hash: z.string() }) }),
  cells: z.array(z.looseObject({ id: z.string(), figures: z.record(z.string(), z.number()) })),
});

export interface HistoryFile {
  readonly lines: readonly HistoryLine[];
  /** "line 12: not JSON (a cut-short line?)" for each line left out. */
  readonly skipped: readonly string[];
}

/** Reads a history file. Unreadable lines are left out and named, so one bad line does not hide a year of runs. */
export async function readHistory(file: string): Promise<HistoryFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new HarnessError('E_RESULT_READ', `cannot read the history ${file}${code ? ` (${code})` : ''}`, { cause: e, hint: 'give the file `run --history <file.jsonl>` appends to' });
  }
  return parseHistory(text);
}

export function parseHistory(text: string): HistoryFile {
  const lines: HistoryLine[] = [];
  const skipped: string[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      skipped.push(`line ${i + 1}: not JSON (cut short?)`);
      return;
    }
    const checked = lineSchema.safeParse(value);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      skipped.push(`line ${i + 1}: not a history line (${issue?.path.join('.') || 'the line'}: ${issue?.message ?? 'invalid'})`);
      return;
    }
    if (checked.data.version > HISTORY_LINE_VERSION) {
      skipped.push(`line ${i + 1}: history version ${checked.data.version}, written by a newer mcp-lb-bench (this one reads ${HISTORY_LINE_VERSION})`);
      return;
    }
    lines.push(value as HistoryLine);
  });
  return { lines, skipped };
}
