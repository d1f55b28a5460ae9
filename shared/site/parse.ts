/** Parses site-file text into a validated SiteFile, or into every error with file:line:col and path. */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { describeYamlError, documentData, isFatalYamlError } from './yaml-errors';
import type { z } from 'zod';
import { checkSiteReferences, type PartialSite } from './cross-checks';
import { Connection, Equipment, SiteFile, Tag, User } from './schema';

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

type RawRecord = Record<string, unknown>;
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asRecord = (value: unknown): RawRecord => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as RawRecord) : {});

/** An equipment entry that failed its schema, reduced to its parts that pass, so its references still get checked. */
function salvageEquipment(raw: unknown): PartialSite['equipment'][number] {
  const record = asRecord(raw);
  if (typeof record.connection !== 'string') return undefined;
  const tags = Object.fromEntries(Object.entries(asRecord(record.tags)).flatMap(([name, tag]) => {
    const parsed = Tag.safeParse(tag);
    return parsed.success ? [[name, parsed.data]] : [];
  }));
  const lenient = Equipment.safeParse({ id: 'salvaged', name: 'salvaged', type: 'generic', connection: record.connection, tags });
  return lenient.success ? { ...lenient.data, id: typeof record.id === 'string' ? record.id : lenient.data.id } : undefined;
}

/** Runs the cross-checks over the entries that pass their own schema when the file as a whole did not. */
function crossCheckPartial(data: unknown): z.core.$ZodIssue[] {
  const root = asRecord(data);
  const connections = asList(root.connections).map((c) => Connection.safeParse(c));
  const scanClasses = SiteFile.shape.scanClasses.safeParse(root.scanClasses);
  const site: PartialSite = {
    scanClasses: scanClasses.success ? scanClasses.data : {},
    connections: connections.map((c) => (c.success ? c.data : undefined)),
    equipment: asList(root.equipment).map((e) => {
      const parsed = Equipment.safeParse(e);
      return parsed.success ? parsed.data : salvageEquipment(e);
    }),
    users: asList(root.users).map((u) => User.safeParse(u).data),
    invalidConnections: new Map(asList(root.connections).flatMap((c, i) => (connections[i]?.success ? [] : [[String(asRecord(c).id), asRecord(c).protocol] as const]))),
  };
  const issues: z.core.$ZodIssue[] = [];
  const ctx = { addIssue: (issue: { path: PropertyKey[]; message: string }) => issues.push({ code: 'custom', input: undefined, ...issue }) };
  checkSiteReferences(site, ctx as unknown as z.RefinementCtx);
  return issues.filter((issue) => !(scanClasses.success ? false : String(issue.path.at(-1)) === 'scanClass'));
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
    const key = issue.discriminator as string;
    const path = issue.path.at(-1) === key ? issue.path : [...issue.path, key];
    const value = valueAt(data, path);
    const options = Connection.options.map((o) => o.shape.protocol.value).join(', ');
    return [{ path, message: value === undefined ? `required field missing (one of ${options})` : `unknown ${key} ${JSON.stringify(value)} (expected one of ${options})` }];
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

/** Parses and validates a site file; never throws for bad input, and reports every error it can find in one pass. */
export function parseSiteText(text: string, file: string): SiteParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const located = (offset: number, path: string, message: string): SiteError => ({ file, ...lineCounter.linePos(offset), path, message });
  const errors = doc.errors.map((error) => {
    const problem = describeYamlError(doc, error);
    return located(problem.offset, problem.path ? formatPath(problem.path) : '(yaml)', problem.message);
  });
  // Duplicate keys leave a usable document: keep validating so the schema's errors are reported too.
  if (doc.errors.some(isFatalYamlError)) return { ok: false, errors };
  const converted = documentData(doc);
  if ('problem' in converted) return { ok: false, errors: [...errors, located(converted.problem.offset, '(yaml)', converted.problem.message)] };
  const data = converted.data;
  const result = SiteFile.safeParse(data);
  if (result.success && errors.length === 0) return { ok: true, site: result.data };
  const seen = new Set<string>();
  for (const issue of result.success ? [] : [...result.error.issues, ...crossCheckPartial(data)]) {
    for (const { path, message } of describe(issue, data)) {
      const key = `${formatPath(path)}\u0000${message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      errors.push(located(locate(doc, path), formatPath(path), message));
    }
  }
  errors.sort((a, b) => a.line - b.line || a.col - b.col);
  return { ok: false, errors };
}
