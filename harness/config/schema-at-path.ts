import { z } from 'zod';
import { isPlainObject, valueAt, type ObjectPath } from './object-path.js';

/**
 * Finds the part of the scenario schema that governs a path of a document, so a problem report can
 * quote that field's description as its hint and list the keys an object accepts. Unions are resolved
 * the way zod resolved them: by discriminator value, or by the shape of the value (list vs mapping).
 */

type AnySchema = z.core.$ZodType;
interface LooseDef {
  readonly type: string;
  readonly innerType?: AnySchema;
  readonly in?: AnySchema;
  readonly shape?: Record<string, AnySchema>;
  readonly element?: AnySchema;
  readonly options?: readonly AnySchema[];
  readonly discriminator?: string;
}

const def = (schema: AnySchema): LooseDef => schema._zod.def as unknown as LooseDef;
const WRAPPERS = new Set(['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch', 'nonoptional']);

export interface DiscriminatedBranch {
  readonly label: string;
  readonly keys: readonly string[];
}

export interface SchemaLocation {
  readonly schema: AnySchema;
  /** The outermost description met while unwrapping, i.e. the one written for this field. */
  readonly description: string | undefined;
  /** Keys of the object at this path, when it is one. */
  readonly keys: readonly string[] | undefined;
  /** When the object is one branch of a discriminated union: the other branches and their keys. */
  readonly otherBranches: readonly DiscriminatedBranch[];
}

const keysOf = (schema: AnySchema): string[] | undefined => {
  const shape = def(schema).shape;
  return shape === undefined ? undefined : Object.keys(shape);
};

function discriminatorValue(option: AnySchema, discriminator: string): string {
  const values = option._zod.propValues?.[discriminator];
  return values === undefined ? '?' : [...values].map(String).join(' | ');
}

function pickOption(options: readonly AnySchema[], value: unknown, discriminator: string | undefined): AnySchema | undefined {
  if (discriminator !== undefined) {
    const tag = isPlainObject(value) ? value[discriminator] : undefined;
    return options.find((o) => o._zod.propValues?.[discriminator]?.has(tag as never));
  }
  const wanted = Array.isArray(value) ? 'array' : isPlainObject(value) ? 'object' : undefined;
  return options.find((o) => {
    const type = unwrap(o, value).schema._zod.def.type;
    return wanted === undefined ? type !== 'array' && type !== 'object' : type === wanted;
  });
}

function unwrap(start: AnySchema, value: unknown): { schema: AnySchema; description: string | undefined; otherBranches: DiscriminatedBranch[] } {
  let schema = start;
  let description: string | undefined;
  let otherBranches: DiscriminatedBranch[] = [];
  for (;;) {
    description ??= z.globalRegistry.get(schema)?.description;
    const d = def(schema);
    let next: AnySchema | undefined;
    if (WRAPPERS.has(d.type)) next = d.innerType;
    else if (d.type === 'pipe') next = d.in;
    else if (d.type === 'union') {
      next = pickOption(d.options ?? [], value, d.discriminator);
      const disc = d.discriminator;
      if (next !== undefined && disc !== undefined) {
        otherBranches = (d.options ?? [])
          .filter((o) => o !== next)
          .map((o) => ({ label: `${disc}: ${discriminatorValue(o, disc)}`, keys: unwrapKeys(o, value) }));
      }
    }
    if (next === undefined) return { schema, description, otherBranches };
    schema = next;
  }
}

const unwrapKeys = (schema: AnySchema, value: unknown): string[] => keysOf(unwrap(schema, value).schema) ?? [];

/** The schema location for `path` in `document`, or undefined when the schema has nothing there. */
export function schemaAtPath(root: AnySchema, path: ObjectPath, document: unknown): SchemaLocation | undefined {
  let current = unwrap(root, document);
  for (let depth = 0; depth < path.length; depth++) {
    const segment = path[depth]!;
    const d = def(current.schema);
    const child = typeof segment === 'number' ? d.element : d.shape?.[segment];
    if (child === undefined) return undefined;
    current = unwrap(child, valueAt(document, path.slice(0, depth + 1)));
  }
  return { ...current, keys: keysOf(current.schema) };
}
