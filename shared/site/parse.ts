/** Parses site-file text into a validated SiteFile, or into every error with file:line:col and path. */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { SiteFile } from './schema';

/** One problem in a site file, located by line, column and path. */
export interface SiteError {
  file: string;
  line: number;
  col: number;
  path: string;
  message: string;
}

export type SiteParseResult = { ok: true; site: SiteFile } | { ok: false; errors: SiteError[] };

/** `equipment[2].tags.hoistSpeed.address` from a zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out || '(root)';
}

/** Renders an error the way every tool of the project prints it. */
export function formatSiteError(error: SiteError): string {
  return `${error.file}:${error.line}:${error.col} ${error.path}: ${error.message}`;
}

/** Finds the offset of the deepest YAML node along `path` (a missing key points at its parent). */
function locate(doc: Document, path: readonly PropertyKey[]): number {
  let node: unknown = doc.contents;
  let offset = 0;
  for (const key of path) {
    const range = (node as Node | null)?.range;
    if (range) offset = range[0];
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(key));
      if (!pair) return offset;
      const keyRange = isScalar(pair.key) ? pair.key.range : undefined;
      if (pair.value === null || pair.value === undefined) return keyRange?.[0] ?? offset;
      node = pair.value;
      if (!(node as Node).range && keyRange) return keyRange[0];
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key];
      if (item === undefined) return offset;
      node = item;
    } else {
      return offset;
    }
  }
  return (node as Node | null)?.range?.[0] ?? offset;
}

/** Clear wording for the most common schema problems. */
function describe(issue: z.core.$ZodIssue, data: unknown): { path: PropertyKey[]; message: string }[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: [...issue.path, key], message: `unknown field "${key}"` }));
  }
  if (issue.code === 'invalid_type' && valueAt(data, issue.path) === undefined) {
    return [{ path: issue.path, message: `required field missing (expected ${issue.expected})` }];
  }
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
    return [{ path: [...issue.path, issue.discriminator as string], message: issue.message }];
  }
  return [{ path: issue.path, message: issue.message }];
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** Parses and validates a site file; never throws for bad input. */
export function parseSiteText(text: string, file: string): SiteParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => lineCounter.linePos(offset);
  if (doc.errors.length > 0) {
    const errors = doc.errors.map((error) => {
      const pos = at(error.pos[0]);
      return { file, line: pos.line, col: pos.col, path: '(yaml)', message: error.message.split('\n')[0] ?? error.message };
    });
    return { ok: false, errors };
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  const result = SiteFile.safeParse(data);
  if (result.success) return { ok: true, site: result.data };
  const errors: SiteError[] = [];
  for (const issue of result.error.issues) {
    for (const { path, message } of describe(issue, data)) {
      const pos = at(locate(doc, path));
      errors.push({ file, line: pos.line, col: pos.col, path: formatPath(path), message });
    }
  }
  errors.sort((a, b) => a.line - b.line || a.col - b.col);
  return { ok: false, errors };
}
