/** Parses site-file text into a validated SiteFile, or into every error with file:line:col and path. */
import { LineCounter, parseDocument } from 'yaml';
import { describeYamlError, documentData, keyNameProblems } from './yaml-errors';
import { PathLocator } from './locate';
import { sizeLimitProblems } from './size-limits';
import { safeParseWide } from './wide-parse';
import { compileSiteExpressions, type SiteExpressions } from './site-expressions';
import type { z } from 'zod';
import { checkSiteReferences, type PartialEquipment, type PartialSite } from './cross-checks';
import { Alarm, Command, Connection, Equipment, Interlock, SiteFile, Tag, User } from './schema';

/** One problem in a site file, located by line, column and path. */
export interface SiteError {
  file: string;
  line: number;
  col: number;
  path: string;
  message: string;
}

/** A valid site with its expressions parsed once, or every error found. */
export type SiteParseResult = { ok: true; site: SiteFile; expressions: SiteExpressions } | { ok: false; errors: SiteError[] };

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

/** How many errors a tool prints before summing up the rest; the loader itself keeps and counts them all. */
export const PRINTED_ERROR_LIMIT = 50;

/** The first `limit` errors formatted, then one line `… and N more errors` for the rest. */
export function formatSiteErrors(errors: readonly SiteError[], limit = PRINTED_ERROR_LIMIT): string[] {
  const lines = errors.slice(0, limit).map(formatSiteError);
  const more = errors.length - lines.length;
  if (more > 0) lines.push(`… and ${more} more error${more === 1 ? '' : 's'}`);
  return lines;
}

type RawRecord = Record<string, unknown>;
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asRecord = (value: unknown): RawRecord => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as RawRecord) : {});

/** The `id` of a list entry as written, even when the entry fails its schema, so duplicates are still found. */
const rawId = (entry: unknown): string | undefined => {
  const id = asRecord(entry).id;
  return typeof id === 'string' ? id : undefined;
};

/** The entries of a record that pass `schema`, by name. */
function validEntries<T>(raw: unknown, schema: z.ZodType<T>): Record<string, T> {
  return Object.fromEntries(Object.entries(asRecord(raw)).flatMap(([name, value]) => {
    const parsed = schema.safeParse(value);
    return parsed.success ? [[name, parsed.data]] : [];
  }));
}

/**
 * The items of a list that pass `schema`, at their own indices: a sparse array, so checks that iterate with
 * forEach skip the failed items (their own errors are already reported) and still report the right index.
 */
function salvageList<T>(raw: unknown, schema: z.ZodType<T>): T[] {
  const items: T[] = [];
  asList(raw).forEach((value, index) => {
    const parsed = schema.safeParse(value);
    if (parsed.success) items[index] = parsed.data;
  });
  return items;
}

/** An equipment entry that failed its schema, reduced to its parts that pass, so its references still get checked. */
function salvageEquipment(raw: unknown): PartialEquipment | undefined {
  const record = asRecord(raw);
  if (typeof record.connection !== 'string') return undefined;
  const parts = { tags: validEntries(record.tags, Tag), commands: validEntries(record.commands, Command) };
  const lenient = Equipment.safeParse({ id: 'salvaged', name: 'salvaged', type: 'generic', connection: record.connection, ...parts });
  if (!lenient.success) return undefined;
  return {
    ...lenient.data,
    id: typeof record.id === 'string' ? record.id : lenient.data.id,
    interlocks: salvageList(record.interlocks, Interlock),
    alarms: salvageList(record.alarms, Alarm),
    rawTagNames: new Set(Object.keys(asRecord(record.tags))),
    rawCommandNames: new Set(Object.keys(asRecord(record.commands))),
  };
}

/** Runs the cross-checks over the entries that pass their own schema when the file as a whole did not. */
function crossCheckPartial(data: unknown): z.core.$ZodIssue[] {
  const root = asRecord(data);
  const connections = asList(root.connections).map((c) => Connection.safeParse(c));
  const scanClasses = safeParseWide(SiteFile.shape.scanClasses, root.scanClasses);
  const site: PartialSite = {
    scanClasses: scanClasses.success ? scanClasses.data : {},
    connections: connections.map((c) => (c.success ? c.data : undefined)),
    equipment: asList(root.equipment).map((e): PartialEquipment | undefined => {
      const parsed = safeParseWide(Equipment, e);
      return parsed.success ? parsed.data : salvageEquipment(e);
    }),
    users: asList(root.users).map((u) => User.safeParse(u).data),
    connectionIds: asList(root.connections).map((c) => rawId(c)),
    equipmentIds: asList(root.equipment).map((e) => rawId(e)),
    // By id as written (a connection without one, or with a number, has no name an equipment could give).
    invalidConnections: new Map(asList(root.connections).flatMap((c, i) => (connections[i]?.success || typeof asRecord(c).id !== 'string' ? [] : [[asRecord(c).id as string, asRecord(c).protocol] as const]))),
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
  if (issue.code === 'invalid_key') {
    // The key's own rule says what is wrong with it ("tag names are identifiers"), not "Invalid key in record".
    const [first] = issue.issues;
    return [{ path: issue.path, message: `${first ? first.message : issue.message}: "${String(issue.path.at(-1))}"` }];
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

/** The column inside an expression that a cross-check pointed at, if any. */
function expressionColumn(issue: z.core.$ZodIssue): number | undefined {
  const column = (issue as { params?: { column?: unknown } }).params?.column;
  return typeof column === 'number' ? column : undefined;
}

/**
 * Line and column (1-based) of string offsets. The column counts characters as an editor does (code points): the
 * parser's own counts UTF-16 units, one too many for each emoji or rarer CJK character earlier on the line. Each
 * line's surrogate pairs are found once, so many errors on one long line stay linear.
 */
function positions(text: string, lines: LineCounter): (offset: number) => { line: number; col: number } {
  const pairsByLine = new Map<number, number[]>();
  const pairsOf = (start: number): number[] => {
    let pairs = pairsByLine.get(start);
    if (pairs) return pairs;
    pairs = [];
    for (let i = start + 1; i < text.length && text.charCodeAt(i) !== 10; i++) {
      const unit = text.charCodeAt(i);
      if (unit >= 0xdc00 && unit <= 0xdfff) pairs.push(i); // the second half of a character written as a pair
    }
    pairsByLine.set(start, pairs);
    return pairs;
  };
  return (offset) => {
    const { line, col } = lines.linePos(offset);
    const start = offset - (col - 1);
    const pairs = pairsOf(start);
    let before = 0; // second halves before `offset` (binary search)
    for (let hi = pairs.length; before < hi; ) {
      const mid = (before + hi) >>> 1;
      if ((pairs[mid] as number) < offset) before = mid + 1;
      else hi = mid;
    }
    return { line, col: col - before };
  };
}

/** Parses and validates a site file; never throws for bad input, and reports every error it can find in one pass. */
export function parseSiteText(text: string, file: string): SiteParseResult {
  // Lines ended by a lone carriage return (classic Mac OS) are one line to YAML: every error would point at line 1.
  if (/\r(?!\n)/.test(text) && !text.includes('\n')) {
    return { ok: false, errors: [{ file, line: 1, col: 1, path: '(yaml)', message: 'lines end in a lone carriage return (CR), which YAML does not take as a line end: save the file with LF or CRLF line ends' }] };
  }
  const lineCounter = new LineCounter();
  // uniqueKeys off: the parser's check is quadratic; keyNameProblems finds the same keys in linear time.
  // The parser's warnings (a collection as a key, say) are reported as located problems, never printed by Node.
  // YAML 1.1's tags (!!omap, !!set …) stay unresolved, so they are reported too (yaml-errors.ts).
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, logLevel: 'error', resolveKnownTags: false });
  const at = positions(text, lineCounter);
  const located = (offset: number, path: string, message: string): SiteError => ({ file, ...at(offset), path, message });
  // Warnings too: an unknown tag (`!secret T`) is dropped by the parser and its value read as plain text.
  const errors = [...doc.errors, ...doc.warnings].map((error) => {
    const problem = describeYamlError(error);
    return located(problem.offset, '(yaml)', problem.message);
  });
  // A `%YAML 1.1` line switches the parser to 1.1's rules: its tags again, `25:02` read as 1502 (base 60), `on` as true.
  // What follows would be checked as 1.1 read it: said alone.
  if (doc.directives?.yaml.version !== '1.2') {
    const message = `site files are YAML 1.2: remove the %YAML ${doc.directives?.yaml.version ?? ''} line (YAML 1.1 reads some values otherwise)`;
    return { ok: false, errors: sortByPosition([...errors, located(Math.max(0, text.search(/^%YAML/m)), '(yaml)', message)]) };
  }
  const keyProblems = keyNameProblems(doc);
  for (const problem of keyProblems) errors.push(located(problem.offset, formatPath(problem.path ?? []), problem.message));
  // Maps with a list, map or empty key: the schema's "not an identifier" for that key's text adds nothing to ours.
  const oddKeysIn = new Set(keyProblems.filter((p) => p.oddKey).map((p) => formatPath(p.path ?? [])));
  const saidAlready = (issue: z.core.$ZodIssue) => issue.code === 'invalid_key' && oddKeysIn.has(formatPath(issue.path.slice(0, -1))) && /^$|^[[{]/.test(String(issue.path.at(-1)));
  // Duplicate keys leave a usable document: keep validating so the schema's errors are reported too.
  if (doc.errors.length > 0) return { ok: false, errors: sortByPosition(errors) };
  const converted = documentData(doc);
  if ('problem' in converted) return { ok: false, errors: [...errors, located(converted.problem.offset, '(yaml)', converted.problem.message)] };
  const data = converted.data;
  // Nothing but comments, blank lines or an empty document: said as such, not as "expected object, received null".
  if ((data === null || data === undefined) && errors.length === 0) return { ok: false, errors: [located(0, '(root)', 'the file holds no site: it is empty or only comments (a site file starts with site:, connections: and equipment:)')] };
  const locator = new PathLocator(doc, text);
  const oversized = sizeLimitProblems(data);
  if (oversized.length > 0) {
    for (const problem of oversized) errors.push(located(locator.offsetOf(problem.path), formatPath(problem.path), problem.message));
    return { ok: false, errors: sortByPosition(errors) };
  }
  const result = safeParseWide(SiteFile, data);
  if (result.success && errors.length === 0) return { ok: true, site: result.data, expressions: compileSiteExpressions(result.data) };
  const seen = new Set<string>();
  for (const issue of result.success ? [] : tightestBounds([...result.issues, ...crossCheckPartial(data)])) {
    if (saidAlready(issue)) continue;
    const column = expressionColumn(issue);
    for (const { path, message } of describe(issue, data)) {
      const key = `${formatPath(path)}\u0000${message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      // An unknown field is pointed at by its name, where it is typed wrong, not at its value.
      const offset = column !== undefined ? locator.offsetInside(path, column) : message.startsWith('unknown field "') ? locator.keyOffsetOf(path) : locator.offsetOf(path);
      errors.push(located(offset, formatPath(path), message));
    }
  }
  return { ok: false, errors: sortByPosition(errors) };
}

/**
 * One bound per value: a number past several limits (`timeoutMs: 1e300` is past the safe integers, a day and a
 * minute) is told the tightest only, not three lines of the schema's layers.
 */
function tightestBounds(issues: z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const tightest = new Map<string, z.core.$ZodIssue>();
  const bound = (issue: z.core.$ZodIssue) => Number(issue.code === 'too_big' ? issue.maximum : issue.code === 'too_small' ? issue.minimum : Number.NaN);
  for (const issue of issues) {
    if (issue.code !== 'too_big' && issue.code !== 'too_small') continue;
    const key = `${issue.code}\u0000${formatPath(issue.path)}`;
    const kept = tightest.get(key);
    const tighter = issue.code === 'too_big' ? bound(issue) < bound(kept ?? issue) : bound(issue) > bound(kept ?? issue);
    if (!kept || tighter) tightest.set(key, issue);
  }
  return issues.filter((issue) => (issue.code !== 'too_big' && issue.code !== 'too_small') || tightest.get(`${issue.code}\u0000${formatPath(issue.path)}`) === issue);
}

function sortByPosition(errors: SiteError[]): SiteError[] {
  return errors.sort((a, b) => a.line - b.line || a.col - b.col);
}
