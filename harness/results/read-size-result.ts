import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { HarnessError } from '../errors/harness-error.js';
import { parseResult } from './read-result.js';
import type { RunResult } from './result-types.js';
import { SIZE_SCHEMA_VERSION, type SizeResult } from './size-result-types.js';

/**
 * The reader of `size.json` (and the one entry that reads either kind of result file). Like
 * read-result.ts it checks the file is this tool's, refuses a newer version, and leaves room for
 * upgraders when SIZE_SCHEMA_VERSION moves.
 */

const envelope = z.looseObject({
  schemaVersion: z.number().int().min(1),
  kind: z.literal('size'),
  tool: z.looseObject({ name: z.literal('mcp-lb-bench'), version: z.string() }),
  runId: z.string(),
  status: z.enum(['running', 'completed', 'interrupted', 'failed']),
  settings: z.looseObject({ cpuCap: z.looseObject({ coresPerReplica: z.number(), periodUs: z.number() }) }),
  cells: z.array(
    z.looseObject({
      id: z.string(),
      model: z.string(),
      policy: z.string(),
      replicas: z.number(),
      status: z.string(),
      steps: z.array(z.looseObject({ index: z.number(), ratePerSec: z.number(), sloMet: z.boolean() })),
    }),
  ),
  fits: z.array(z.looseObject({ id: z.string(), points: z.array(z.looseObject({ replicas: z.number(), capacityPerSec: z.number() })) })),
});

function invalid(source: string, message: string, hint: string): HarnessError {
  return new HarnessError('E_RESULT_READ', `${source}: ${message}`, { hint });
}

const HINT = 'pass the size.json `mcp-lb-bench size` wrote (results/<run-id>/size.json)';

/** Validates a parsed size document; `source` names it in errors. */
export function parseSizeResult(value: unknown, source: string): SizeResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(source, 'not a size result (expected a JSON object)', HINT);
  const version = (value as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version === 'number' && version > SIZE_SCHEMA_VERSION) {
    throw invalid(source, `written with size schema version ${version}; this mcp-lb-bench reads up to version ${SIZE_SCHEMA_VERSION}`, 'read it with the mcp-lb-bench version that wrote it (size.json → tool.version), or upgrade this one');
  }
  const checked = envelope.safeParse(value);
  if (!checked.success) {
    const first = checked.error.issues[0];
    const where = first && first.path.length > 0 ? first.path.join('.') : 'the document';
    throw invalid(source, `not a readable mcp-lb-bench size result: ${where}: ${first?.message ?? 'invalid'}`, HINT);
  }
  return value as SizeResult;
}

export type AnyResult = { readonly kind: 'run'; readonly result: RunResult } | { readonly kind: 'size'; readonly result: SizeResult };

/** Reads a result.json or a size.json, telling them apart by the document's `kind`. */
export async function readAnyResult(file: string): Promise<AnyResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new HarnessError('E_RESULT_READ', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e, hint: 'check the path (results/<run-id>/result.json or size.json)' });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw invalid(file, `not JSON (${(e as Error).message})`, 'a result file is JSON written by mcp-lb-bench; was it truncated or edited?');
  }
  if ((value as { kind?: unknown } | null)?.kind === 'size') return { kind: 'size', result: parseSizeResult(value, file) };
  return { kind: 'run', result: parseResult(value, file) };
}

/** Reads, validates one size.json. */
export async function readSizeResult(file: string): Promise<SizeResult> {
  const read = await readAnyResult(file);
  if (read.kind !== 'size') throw invalid(file, 'is a run result (result.json), not a size result', HINT);
  return read.result;
}
