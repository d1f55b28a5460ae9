/**
 * Schema validation that survives very many errors. zod gathers a child's issues into its parent with
 * `push(...issues)`, which overflows the call stack past ~100,000 issues under one node (a file with 200,000 bad
 * tags crashed the loader). So a large value is validated piece by piece, each piece small enough to be safe.
 */
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;
type Path = PropertyKey[];
type Def = { type: string; shape?: Record<string, z.ZodType>; catchall?: z.ZodType; element?: z.ZodType; keyType?: z.ZodType; valueType?: z.ZodType; innerType?: z.ZodType };

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

function append(into: Issue[], issues: readonly Issue[], prefix: Path): void {
  for (const issue of issues) into.push({ ...issue, path: [...prefix, ...issue.path] });
}

/** Values with fewer nodes than this cannot produce enough issues to overflow zod (a few issues per node at most). */
const SAFE_NODES = 10_000;

/** Number of nodes in `data`, counting no further than `limit`. */
function nodeCount(data: unknown, limit: number): number {
  let count = 0;
  const stack = [data];
  while (stack.length > 0 && count < limit) {
    const value = stack.pop();
    count += 1;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length && count + stack.length < limit; i++) stack.push(value[i]);
    } else if (isRecord(value)) {
      for (const key in value) {
        if (count + stack.length >= limit) break;
        stack.push(value[key]);
      }
    }
  }
  return count;
}

/** Issues of `schema` for `data`: whole when small, else split into children (recursively). */
function issuesOf(schema: z.ZodType, data: unknown, path: Path, into: Issue[]): void {
  if (nodeCount(data, SAFE_NODES) < SAFE_NODES) {
    const result = schema.safeParse(data);
    if (!result.success) append(into, result.error.issues, path);
    return;
  }
  const def = defOf(schema);
  if ((def.type === 'default' || def.type === 'prefault' || def.type === 'optional') && def.innerType) return issuesOf(def.innerType, data, path, into);
  if (def.type === 'array' && def.element && Array.isArray(data)) {
    data.forEach((item, index) => issuesOf(def.element!, item, [...path, index], into));
  } else if (def.type === 'record' && def.valueType && isRecord(data)) {
    for (const [key, value] of Object.entries(data)) {
      if (def.keyType) issuesOf(def.keyType, key, [...path, key], into);
      issuesOf(def.valueType, value, [...path, key], into);
    }
  } else if (def.type === 'object' && def.shape && isRecord(data)) {
    const unknown = Object.keys(data).filter((key) => !(key in def.shape!));
    if (unknown.length > 0 && defOf(def.catchall ?? ({ _zod: { def: { type: '' } } } as unknown as z.ZodType)).type === 'never') {
      into.push({ code: 'unrecognized_keys', keys: unknown, path, message: `Unrecognized keys: ${unknown.join(', ')}`, input: data });
    }
    for (const [key, child] of Object.entries(def.shape)) issuesOf(child, data[key], [...path, key], into);
  } else {
    into.push({ code: 'custom', path, message: 'too many errors in this part of the file to list', input: data });
  }
}

/**
 * Like `schema.safeParse`, but never overflows however many issues there are. A large value is checked piece by
 * piece first; only when the pieces pass is it parsed whole (for defaults and whole-file checks, which add their
 * issues one by one and so cannot overflow).
 */
export function safeParseWide<T>(schema: z.ZodType<T>, data: unknown): { success: true; data: T } | { success: false; issues: Issue[] } {
  const issues: Issue[] = [];
  if (nodeCount(data, SAFE_NODES) >= SAFE_NODES) {
    issuesOf(schema, data, [], issues);
    if (issues.length > 0) return { success: false, issues };
  }
  const result = schema.safeParse(data);
  return result.success ? { success: true, data: result.data } : { success: false, issues: result.error.issues };
}
