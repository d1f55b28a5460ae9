/** The hash chain: canonical entry text, SHA-256, one JSON line per entry, and parsing a line back. */
import { createHash } from 'node:crypto';
import type { AuditEntry } from './entry';

/** `prev` of the very first entry of a log. */
export const GENESIS = '0'.repeat(64);

/** Longest line the log writes or accepts (a guard against runaway detail fields). */
export const MAX_LINE_BYTES = 64 * 1024;

const FIELD_ORDER = ['seq', 'time', 'kind', 'who', 'target', 'old', 'new', 'outcome', 'latencyMs', 'ref', 'detail', 'prev', 'hash'];
const HEX64 = /^[0-9a-f]{64}$/;

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 (hex) over the canonical text of every field but `hash` (so `prev` is covered). */
export function entryHash(entry: Omit<AuditEntry, 'hash'> & { hash?: string }): string {
  const { hash: _hash, ...rest } = entry;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

/** The stored line (with its newline): fields in a readable order; the hash does not depend on the order. */
export function serializeEntry(entry: AuditEntry): string {
  const record = entry as unknown as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const key of FIELD_ORDER) if (record[key] !== undefined) ordered[key] = record[key];
  return `${JSON.stringify(ordered)}\n`;
}

/** A parsed line, or why it is not an entry. */
export type ParsedLine = { ok: true; entry: AuditEntry } | { ok: false; reason: string };

/** Parses one stored line (without its newline) and checks the fields the chain relies on. */
export function parseEntryLine(line: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, reason: 'not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'not a JSON object' };
  const entry = value as Record<string, unknown>;
  if (!Number.isSafeInteger(entry.seq) || (entry.seq as number) < 1) return { ok: false, reason: 'no valid seq' };
  if (typeof entry.time !== 'string' || typeof entry.kind !== 'string') return { ok: false, reason: 'no time or kind' };
  if (typeof entry.prev !== 'string' || !HEX64.test(entry.prev)) return { ok: false, reason: 'no valid prev hash' };
  if (typeof entry.hash !== 'string' || !HEX64.test(entry.hash)) return { ok: false, reason: 'no valid hash' };
  return { ok: true, entry: entry as unknown as AuditEntry };
}

/** True when the entry's stored hash matches its content. */
export function hashMatches(entry: AuditEntry): boolean {
  return entryHash(entry) === entry.hash;
}

/**
 * True when a stored line is exactly what the log writes for its parsed entry: one key each, in the log's order,
 * without spacing. The hash covers the parsed entry, so a line with a key written twice (JSON.parse keeps the last,
 * other readers may show the first) or reformatted text still matches its hash: this catches those.
 */
export function storedAsWritten(line: string, entry: AuditEntry): boolean {
  return serializeEntry(entry) === `${line}\n`;
}

/** Whether an entry read back is as the log wrote it: its own hash matches, and its line is the log's own text. */
export function entryIntact(line: string, entry: AuditEntry): boolean {
  return hashMatches(entry) && storedAsWritten(line, entry);
}
