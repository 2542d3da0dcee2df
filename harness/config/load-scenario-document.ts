import { extname, resolve } from 'node:path';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Pair, type YAMLMap } from 'yaml';
import { HarnessError } from '../errors/harness-error.js';
import { checkYamlTree } from './check-yaml-tree.js';
import type { ObjectPath } from './object-path.js';
import { checkScenarioText, readScenarioText } from './read-scenario-text.js';
import { yamlParseError } from './yaml-parse-error.js';

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

function locator(doc: Document, lineCounter: LineCounter): (path: ObjectPath) => SourcePosition | undefined {
  // Each mapping's keys indexed on first use: a file with many problems is located in linear time.
  const indexes = new WeakMap<YAMLMap, Map<string, Pair>>();
  const pairOf = (map: YAMLMap, segment: string | number): Pair | undefined => {
    let index = indexes.get(map);
    if (index === undefined) {
      index = new Map();
      for (const p of map.items) {
        const key = String(isScalar(p.key) ? p.key.value : p.key);
        if (!index.has(key)) index.set(key, p);
      }
      indexes.set(map, index);
    }
    return index.get(String(segment));
  };
  return (path) => {
    let node: unknown = doc.contents;
    let offset: number | undefined;
    for (const segment of path) {
      if (isAlias(node)) node = node.resolve(doc);
      if (isMap(node)) {
        const pair = pairOf(node, segment);
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
  const text = source.text ?? readScenarioText(source.file!);
  checkScenarioText(label, text);
  const lineCounter = new LineCounter();
  // Duplicate keys are found by checkYamlTree: the library's own check is quadratic in a mapping's size.
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: false, schema: format === 'json' ? 'json' : 'core' });
  if (doc.errors.length > 0) throw yamlParseError(label, text, format === 'json', doc.errors);
  const structural = checkYamlTree(doc, (offset) => lineCounter.linePos(offset).line);
  if (structural !== undefined) {
    const { line, col } = lineCounter.linePos(structural.offset);
    throw new HarnessError('E_SCENARIO_READ', `cannot parse scenario ${label}:${line}:${col}: ${structural.message}`, { hint: structural.hint });
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (cause) {
    // Aliases of aliases can still nest deeper than the stack allows once expanded.
    const reason = cause instanceof RangeError ? 'nested too deeply once its aliases are expanded' : (cause as Error).message;
    throw new HarnessError('E_SCENARIO_READ', `cannot load scenario ${label}: ${reason}`, { cause, hint: 'write the values out instead of nesting aliases in aliases' });
  }
  return {
    data,
    label,
    sourceFile: source.file === undefined ? undefined : resolve(source.file),
    locate: locator(doc, lineCounter),
  };
}
