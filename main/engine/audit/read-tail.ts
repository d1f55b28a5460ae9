/** Reading the newest entries back for people: `rec-console audit tail`. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { entryIntact, parseEntryLine } from './chain';
import type { AuditEntry, AuditValue } from './entry';
import { isDirectory, listAuditFiles } from './files';
import { escapeControl } from '../log';

/** The newest entries, and what could not be read as one (a torn or damaged line). */
export interface AuditTail {
  entries: AuditEntry[];
  unreadable: { file: string; line: number; reason: string }[];
  /** Entries among `entries` changed after they were written: they fail their own hash, or their line is not the log's own text. */
  mismatched: { file: string; line: number; seq: number }[];
}

/** The last `count` entries of a folder or file, oldest first (files are read newest first until enough). */
export async function readLastEntries(pathOrDir: string, count: number): Promise<AuditTail> {
  const paths = (await isDirectory(pathOrDir)) ? await listAuditFiles(pathOrDir) : [pathOrDir];
  const out: AuditTail = { entries: [], unreadable: [], mismatched: [] };
  for (let k = paths.length - 1; k >= 0 && out.entries.length < count; k--) {
    const path = paths[k] as string;
    const lines = (await readFile(path, 'utf8')).split('\n');
    const torn = lines.pop() ?? '';
    if (torn.length > 0) out.unreadable.push({ file: basename(path), line: lines.length + 1, reason: 'torn last line' });
    const picked: AuditEntry[] = [];
    const mismatched: AuditTail['mismatched'] = [];
    for (let i = lines.length - 1; i >= 0 && out.entries.length + picked.length < count; i--) {
      const parsed = parseEntryLine(lines[i] as string);
      if (!parsed.ok) {
        out.unreadable.push({ file: basename(path), line: i + 1, reason: parsed.reason });
        continue;
      }
      picked.unshift(parsed.entry);
      if (!entryIntact(lines[i] as string, parsed.entry)) mismatched.unshift({ file: basename(path), line: i + 1, seq: parsed.entry.seq });
    }
    out.entries.unshift(...picked);
    out.mismatched.unshift(...mismatched);
  }
  return out;
}

function show(value: AuditValue | undefined): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * One readable line: `#seq time kind user(role)@console equipment/target old → new result code reason latency`.
 * Escaped: a user name or reason is whatever a client sent (a refused login's name included), and must not start a
 * forged line or drive the terminal of whoever reads the tail.
 */
export function formatAuditEntry(entry: AuditEntry): string {
  const parts = [`#${entry.seq}`, entry.time, entry.kind];
  if (entry.who) parts.push(`${entry.who.user}${entry.who.role ? `(${entry.who.role})` : ''}${entry.who.console ? `@${entry.who.console}` : ''}`);
  const t = entry.target;
  if (t) parts.push([t.equipment ?? t.connection, t.tag ?? t.command ?? t.node].filter(Boolean).join('/'));
  if (entry.old !== undefined || entry.new !== undefined) parts.push(`${show(entry.old ?? null)} → ${show(entry.new ?? null)}`);
  if (entry.outcome) parts.push([entry.outcome.result, entry.outcome.stage, entry.outcome.code].filter(Boolean).join(':') + (entry.outcome.reason ? ` "${entry.outcome.reason}"` : ''));
  if (entry.latencyMs !== undefined) parts.push(`${entry.latencyMs} ms`);
  if (entry.ref !== undefined) parts.push(`ref #${entry.ref}`);
  if (entry.detail) parts.push(JSON.stringify(entry.detail));
  return escapeControl(parts.join('  '));
}
