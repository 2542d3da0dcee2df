/**
 * Paths into a scenario document, and their one stable text form: dots for keys, `[i]` for indexes
 * (`workload.tools[1].arguments.text`). Every problem message and every `--set` flag uses this form.
 */
export type PathSegment = string | number;
export type ObjectPath = readonly PathSegment[];

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

export function formatPath(path: ObjectPath): string {
  if (path.length === 0) return '(top level)';
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

const SEGMENT_RE = /^(?:\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/;

/** Parses the text form back into segments; undefined when it is not a path. */
export function parsePath(text: string): ObjectPath | undefined {
  const segments: PathSegment[] = [];
  let rest = text;
  while (rest !== '') {
    const match = SEGMENT_RE.exec(rest);
    if (match === null) return undefined;
    // A leading dot is only allowed between segments.
    if (segments.length === 0 && rest.startsWith('.')) return undefined;
    const [whole, key, index, quoted] = match;
    if (key !== undefined) segments.push(key);
    else if (index !== undefined) segments.push(Number(index));
    else segments.push(JSON.parse(quoted!) as string);
    rest = rest.slice(whole.length);
  }
  return segments.length === 0 ? undefined : segments;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at `path`, or undefined when any step is missing. Own keys only: `toString` is not in a document. */
export function valueAt(root: unknown, path: ObjectPath): unknown {
  let node = root;
  for (const segment of path) {
    if (typeof segment === 'number' ? !Array.isArray(node) : !isPlainObject(node)) return undefined;
    if (!Object.hasOwn(node as object, segment)) return undefined;
    node = (node as Record<PathSegment, unknown>)[segment];
  }
  return node;
}

export function startsWith(path: ObjectPath, prefix: ObjectPath): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => segment === path[i]);
}
