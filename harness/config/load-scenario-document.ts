import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type YAMLError } from 'yaml';
import { HarnessError } from '../errors/harness-error.js';
import type { ObjectPath } from './object-path.js';

/**
 * Step one of the config pipeline: read a scenario file (or text) and parse it, keeping the YAML
 * document so later problems can point at a line. JSON goes through the same parser (JSON is YAML 1.2
 * with the JSON schema), so both formats report parse errors with a line and column.
 */

export type ScenarioFormat = 'yaml' | 'json';

export interface ScenarioSource {
  /** Path of the scenario file. With `text` as well, only names the source (nothing is read). */
  readonly file?: string | undefined;
  readonly text?: string | undefined;
  /** Defaults to the file extension (.yaml / .yml / .json), else yaml. */
  readonly format?: ScenarioFormat | undefined;
}

export interface SourcePosition {
  readonly line: number;
  readonly col: number;
}

export interface ScenarioDocument {
  /** The document as plain data, before any override or check. */
  readonly data: unknown;
  /** How the source is named in messages: the file path as given, or `<scenario text>`. */
  readonly label: string;
  readonly sourceFile: string | undefined;
  /** Position of the deepest node of `path` present in the source (the key, for mapping entries). */
  locate(path: ObjectPath): SourcePosition | undefined;
}

const EXTENSION_FORMATS: Record<string, ScenarioFormat> = { '.yaml': 'yaml', '.yml': 'yaml', '.json': 'json' };
const TEXT_LABEL = '<scenario text>';

function formatOf(source: ScenarioSource): ScenarioFormat {
  if (source.format !== undefined) return source.format;
  if (source.file === undefined) return 'yaml';
  const format = EXTENSION_FORMATS[extname(source.file).toLowerCase()];
  if (format === undefined) {
    throw new HarnessError('E_SCENARIO_READ', `cannot read scenario ${source.file}: unsupported file extension "${extname(source.file)}"`, {
      hint: 'name the file .yaml, .yml or .json',
    });
  }
  return format;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (cause as Error).message;
    throw new HarnessError('E_SCENARIO_READ', `cannot read scenario ${file}: ${reason}`, {
      cause,
      hint: 'check the path (relative paths start at the current directory); shipped scenarios are in scenarios/',
    });
  }
}

function describeYamlError(label: string, error: YAMLError): string {
  const [reason = error.message] = error.message.split('\n');
  const position = error.linePos?.[0];
  // yaml appends "at line L, column C"; state the position once, in the file:line:col form editors link.
  const bare = reason.replace(/ at line \d+, column \d+:?$/, '');
  return position === undefined ? `${label}: ${bare}` : `${label}:${position.line}:${position.col}: ${bare}`;
}

function locator(doc: Document, lineCounter: LineCounter): (path: ObjectPath) => SourcePosition | undefined {
  return (path) => {
    let node: unknown = doc.contents;
    let offset: number | undefined;
    for (const segment of path) {
      if (isAlias(node)) node = node.resolve(doc);
      if (isMap(node)) {
        const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(segment));
        if (pair === undefined) break;
        offset = isScalar(pair.key) ? pair.key.range?.[0] : offset;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item: unknown = node.items[segment];
        if (item === undefined) break;
        offset = isScalar(item) || isMap(item) || isSeq(item) ? item.range?.[0] : offset;
        node = item;
      } else break;
    }
    return offset === undefined ? undefined : lineCounter.linePos(offset);
  };
}

/** Reads and parses a scenario. Throws E_SCENARIO_READ (exit code 2) when it cannot. Synchronous. */
export function loadScenarioDocument(source: ScenarioSource): ScenarioDocument {
  if (source.file === undefined && source.text === undefined) {
    throw new HarnessError('E_USAGE', 'no scenario given', { hint: 'pass a scenario file, e.g. scenarios/headline.yaml' });
  }
  const format = formatOf(source);
  const label = source.file ?? TEXT_LABEL;
  const text = source.text ?? readText(source.file!);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true, schema: format === 'json' ? 'json' : 'core' });
  if (doc.errors.length > 0) {
    const details = doc.errors.map((e) => describeYamlError(label, e));
    throw new HarnessError('E_SCENARIO_READ', `cannot parse scenario ${details[0]}`, {
      details,
      hint: format === 'json'
        ? 'fix the JSON syntax at that line and column'
        : 'fix the YAML syntax at that line and column (indentation, quotes, colons)',
    });
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (cause) {
    throw new HarnessError('E_SCENARIO_READ', `cannot load scenario ${label}: ${(cause as Error).message}`, { cause });
  }
  return {
    data,
    label,
    sourceFile: source.file === undefined ? undefined : resolve(source.file),
    locate: locator(doc, lineCounter),
  };
}
