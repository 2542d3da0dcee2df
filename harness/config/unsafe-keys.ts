import { isPlainObject, type ObjectPath, type PathSegment } from './object-path.js';
import type { ScenarioProblem } from './scenario-problem.js';

/**
 * Keys that name JavaScript object internals. Written through, `__proto__` replaces an object's
 * prototype (or, on the way down a `--set` path, lands on Object.prototype itself), and `constructor` /
 * `prototype` lead there. No scenario field has these names, so any layer that brings one is refused
 * with its path before the document is merged further or validated.
 */
const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export const UNSAFE_KEY_HINT = '"__proto__", "constructor" and "prototype" name JavaScript object internals and are never scenario keys: remove it';

export function isUnsafeKey(segment: PathSegment): boolean {
  return typeof segment === 'string' && UNSAFE_KEYS.has(segment);
}

interface Frame {
  readonly node: unknown;
  readonly segment: PathSegment | undefined;
  readonly parent: Frame | undefined;
  /** An unsafe key of `parent.node`: reported and deleted when its turn comes, so in document order. */
  readonly unsafe?: boolean;
}

function pathOf(frame: Frame): ObjectPath {
  const path: PathSegment[] = [];
  for (let f: Frame | undefined = frame; f?.segment !== undefined; f = f.parent) path.push(f.segment);
  return path.reverse();
}

/**
 * Deletes every unsafe key from `document` (in place: pass a copy) and reports each at its path, in
 * document order. Iterative, so a deeply nested value cannot overflow the stack; each object is visited once.
 */
export function stripUnsafeKeys(document: unknown): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const stack: Frame[] = [{ node: document, segment: undefined, parent: undefined }];
  // An aliased value is one object at several paths, and a `--set` value may even contain itself: visit each once.
  const seen = new WeakSet<object>();
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (frame.unsafe) {
      problems.push({ path: pathOf(frame), message: 'key not allowed', hint: UNSAFE_KEY_HINT });
      delete (frame.parent!.node as Record<string, unknown>)[frame.segment as string];
      continue;
    }
    if (typeof frame.node !== 'object' || frame.node === null || seen.has(frame.node)) continue;
    seen.add(frame.node);
    const children: Frame[] = [];
    if (Array.isArray(frame.node)) {
      frame.node.forEach((item: unknown, index) => children.push({ node: item, segment: index, parent: frame }));
    } else if (isPlainObject(frame.node)) {
      const node = frame.node;
      for (const key of Object.keys(node)) children.push({ node: node[key], segment: key, parent: frame, unsafe: isUnsafeKey(key) });
    }
    // Reversed onto the stack, so children are visited (and reported) in document order.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return problems;
}
