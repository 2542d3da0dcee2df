import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';

/**
 * Structural checks on a parsed scenario, in one pass over its nodes (linear in the file's size; the
 * yaml library's own `uniqueKeys` check compares every key with every other, 16 s for 40k keys):
 * duplicate keys, nesting deeper than any scenario needs, and aliases that refer to a node containing
 * them (a cycle: the document would be infinite). Iterative, so the file's depth cannot overflow the stack.
 */

/** A scenario nests 6 levels at most (workload.tools[0].arguments.text); 32 leaves room and stays far from stack limits. */
export const MAX_NESTING = 32;

export const NESTING_HINT = 'a scenario nests 6 levels at most (workload.tools[0].arguments.text): is this the right file?';

export interface YamlTreeProblem {
  /** Offset in the source the problem is at. */
  readonly offset: number;
  readonly message: string;
  readonly hint: string;
}

interface Frame {
  readonly node: unknown;
  readonly depth: number;
  /** Collections containing this node, for cycle detection; shared with siblings, never copied. */
  readonly ancestors: Ancestors | undefined;
}

interface Ancestors {
  readonly node: unknown;
  readonly parent: Ancestors | undefined;
}

const offsetOf = (node: unknown, fallback: number): number =>
  (isScalar(node) || isMap(node) || isSeq(node) || isAlias(node) ? node.range?.[0] : undefined) ?? fallback;

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

function isAncestor(ancestors: Ancestors | undefined, node: unknown, depthLimit: number): boolean {
  let steps = 0;
  for (let a = ancestors; a !== undefined && steps <= depthLimit; a = a.parent, steps++) if (a.node === node) return true;
  return false;
}

/** The first structural problem found (one is enough to stop on: the file needs fixing), or undefined. */
export function checkYamlTree(doc: Document, lineOf: (offset: number) => number): YamlTreeProblem | undefined {
  const stack: Frame[] = [{ node: doc.contents, depth: 0, ancestors: undefined }];
  while (stack.length > 0) {
    const { node, depth, ancestors } = stack.pop()!;
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (target !== undefined && isAncestor(ancestors, target, MAX_NESTING)) {
        return {
          offset: offsetOf(node, 0),
          message: `alias *${node.source} refers to a node that contains it (the document would be infinite)`,
          hint: 'an alias may repeat an earlier value, not one it is part of: write the value out',
        };
      }
      continue;
    }
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth >= MAX_NESTING) {
      return {
        offset: offsetOf(node, 0),
        message: `nested more than ${MAX_NESTING} levels deep`,
        hint: NESTING_HINT,
      };
    }
    const inner: Ancestors = { node, parent: ancestors };
    const children: unknown[] = [];
    if (isMap(node)) {
      const firstLine = new Map<string, number>();
      for (const pair of node.items) {
        const key = keyText(pair.key);
        const offset = offsetOf(pair.key, offsetOf(node, 0));
        const first = firstLine.get(key);
        if (first !== undefined) {
          return { offset, message: `duplicate key ${JSON.stringify(key)} (first at line ${first})`, hint: 'give each key once per mapping: YAML would keep only the last one' };
        }
        firstLine.set(key, lineOf(offset));
        if (isMap(pair.key) || isSeq(pair.key)) children.push(pair.key);
        children.push(pair.value);
      }
    } else {
      for (const item of node.items) children.push(isPair(item) ? item.value : item);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i] as Node, depth: depth + 1, ancestors: inner });
  }
  return undefined;
}
