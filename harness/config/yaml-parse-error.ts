import { parseDocument, type YAMLError } from 'yaml';
import { HarnessError } from '../errors/harness-error.js';
import { NESTING_HINT } from './check-yaml-tree.js';

/**
 * One line for a file the yaml library could not parse: the first error at file:line:col, in the
 * harness's words where the library's would mislead (it tells a user to call parseAllDocuments(), or
 * lists every plain scalar of a YAML file named .json), and never more than a line of the file's text.
 */

/** Longest reason quoted from the parser: its messages can quote a whole (long or binary) line. */
const MAX_REASON_CHARS = 160;

function clean(reason: string): string {
  // Control characters would garble the terminal; show them escaped, as JSON would.
  const shown = reason.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return shown.length > MAX_REASON_CHARS ? `${shown.slice(0, MAX_REASON_CHARS - 1)}…` : shown;
}

interface Worded {
  readonly reason: string;
  readonly hint: string;
}

function worded(error: YAMLError, json: boolean): Worded {
  switch (error.code) {
    case 'MULTIPLE_DOCS':
      return { reason: 'a second YAML document starts here (a scenario is one document)', hint: 'remove the "---" line and everything after it, or put each scenario in its own file' };
    case 'RESOURCE_EXHAUSTION':
      return { reason: 'nested too deeply to read', hint: NESTING_HINT };
    default: {
      const [first = error.message] = error.message.split('\n');
      // yaml appends "at line L, column C"; the position is stated once, in the file:line:col form editors link.
      const reason = clean(first.replace(/ at line \d+, column \d+:?$/, ''));
      return {
        reason,
        hint: json ? 'fix the JSON syntax at that line and column' : 'fix the YAML syntax at that line and column (indentation, quotes, colons)',
      };
    }
  }
}

/** The E_SCENARIO_READ error for a document with parse errors (at least one). */
export function yamlParseError(label: string, text: string, json: boolean, errors: readonly YAMLError[]): HarnessError {
  // A .json file that does not start like JSON but parses as YAML is YAML: say so, not what its first line lacks.
  if (json && !/^\s*[{[]/.test(text) && parseDocument(text, { uniqueKeys: false }).errors.length === 0) {
    return new HarnessError('E_SCENARIO_READ', `cannot parse scenario ${label}: it is YAML, not JSON`, {
      hint: 'rename it to .yaml (the harness reads both), or write it as JSON',
    });
  }
  const error = errors[0]!;
  const { reason, hint } = worded(error, json);
  const position = error.linePos?.[0];
  const where = position === undefined ? label : `${label}:${position.line}:${position.col}`;
  // What follows a second document or an overflow is the parser's fallout, not more for the user to fix.
  const fallout = error.code === 'MULTIPLE_DOCS' || error.code === 'RESOURCE_EXHAUSTION';
  const more = errors.length > 1 && !fallout ? ` (and ${errors.length - 1} more after it)` : '';
  return new HarnessError('E_SCENARIO_READ', `cannot parse scenario ${where}: ${reason}${more}`, { hint });
}
