/** `verifyAudit`: walks one file or a whole audit folder and returns ok + count, or the first problem and where. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { GENESIS, hashMatches, parseEntryLine, storedAsWritten } from './chain';
import { classifyBreak, type AuditProblem, type ChainState, type Row } from './classify';
import { isDirectory, listAuditFiles } from './files';
import { HEAD_MARK_FILE, readHeadMark, recordsCutOf } from './head-mark';

export type { AuditProblem, AuditProblemKind } from './classify';

/** The verdict: every entry chained, or the first problem (`count` entries verified before it). */
export type AuditVerifyResult =
  | { ok: true; files: string[]; count: number; lastSeq: number; lastHash: string; recoveries: number; truncations: number; continuesFrom?: string; headMarkUnreadable?: string; headMarkMissing?: true }
  | { ok: false; files: string[]; count: number; problem: AuditProblem };

/** One file split into lines: parsed rows, the first unparsable line, a torn (unterminated) tail. */
interface FileLines {
  rows: Row[];
  bad?: { line: number; reason: string; edited: boolean };
  torn?: { line: number; bytes: number };
}

/** Lines parsed and hashed between yields to the event loop: the engine verifies on its own loop, a few ms at a time. */
const LINES_PER_SLICE = 500;

async function splitFile(text: string): Promise<FileLines> {
  const parts = text.split('\n');
  const tail = parts.pop() ?? '';
  const out: FileLines = { rows: [] };
  if (tail.length > 0) out.torn = { line: parts.length + 1, bytes: Buffer.byteLength(tail) };
  for (const [i, part] of parts.entries()) {
    if (i % LINES_PER_SLICE === LINES_PER_SLICE - 1) await new Promise((resolve) => setImmediate(resolve));
    const parsed = parseEntryLine(part);
    if (!parsed.ok) {
      out.bad = { line: i + 1, reason: part.length === 0 ? 'empty line' : parsed.reason, edited: false };
      break;
    }
    if (!hashMatches(parsed.entry)) {
      out.bad = { line: i + 1, reason: `seq ${parsed.entry.seq} does not match its hash: its content was changed`, edited: true };
      break;
    }
    if (!storedAsWritten(part, parsed.entry)) {
      out.bad = { line: i + 1, reason: `seq ${parsed.entry.seq} is not stored as the log writes it (a key twice, or keys reordered or respaced): its text was changed`, edited: true };
      break;
    }
    out.rows.push({ line: i + 1, entry: parsed.entry });
  }
  return out;
}

/** What else a verify checks. */
export interface VerifyOptions {
  /**
   * The writer's last durable entry (the engine's own log, while it runs): the chain must reach it with this hash.
   * Without it, a folder is held to its head mark (head-mark.ts), which a crash can leave behind the log but never
   * ahead of it; without either, entries cut off the end of the newest file, or a newest file deleted, leave a
   * shorter chain that verifies.
   */
  writtenUpTo?: { seq: number; hash: string; file: string };
}

/** Verifies a log file or an audit folder (all its `audit-*.jsonl` files, oldest first, as one chain). */
export async function verifyAudit(pathOrDir: string, options: VerifyOptions = {}): Promise<AuditVerifyResult> {
  const directory = await isDirectory(pathOrDir);
  // The mark before the files: every entry it names was in them before it was written.
  const mark = directory && !options.writtenUpTo ? await readHeadMark(pathOrDir) : undefined;
  const paths = directory ? await listAuditFiles(pathOrDir) : [pathOrDir];
  const files = paths.map((p) => basename(p));
  const state: ChainState = { seq: 0, hash: GENESIS, seen: new Map() };
  let count = 0;
  let recoveries = 0;
  let truncations = 0;
  let continuesFrom: string | undefined;
  const reached = options.writtenUpTo ?? (mark && !('unreadable' in mark) ? mark : undefined);
  const head = reached && reached.seq > 0 ? reached : undefined;
  const whoSaid = options.writtenUpTo ? 'the engine has written up to' : `its head mark (${HEAD_MARK_FILE}) says it reached`;
  /** A `truncated` entry recording the cut the mark reports: the mark is older than it, the cut already on record. */
  let markOnRecord = false;
  let headSeen: { file: string; line: number; hash: string } | undefined;
  const fail = (problem: AuditProblem): AuditVerifyResult => ({ ok: false, files, count, problem });

  for (const [k, path] of paths.entries()) {
    const file = files[k] as string;
    const { rows, bad, torn } = await splitFile(await readFile(path, 'utf8'));
    state.seen = new Map();
    for (const [i, { entry, line }] of rows.entries()) {
      if (count === 0 && entry.kind === 'rotate' && !(entry.seq === 1 && entry.prev === GENESIS)) {
        const previousFile = String(entry.detail?.previousFile ?? '');
        if (directory) return fail({ file, line, kind: 'deleted', message: `the log starts at seq ${entry.seq}: it continues from ${previousFile}, which is missing` });
        // A single rotated file: its link to the file before cannot be checked here.
        continuesFrom = previousFile;
        state.seq = entry.seq - 1;
        state.hash = entry.prev;
      }
      if (entry.seq !== state.seq + 1 || entry.prev !== state.hash) {
        const problem = classifyBreak(file, rows, i, state);
        if (line === 1 && k > 0 && entry.kind === 'rotate' && entry.detail?.previousFile !== files[k - 1]) {
          problem.message += ` (it names ${String(entry.detail?.previousFile)} as the file before it)`;
        }
        return fail(problem);
      }
      state.seq = entry.seq;
      state.hash = entry.hash;
      state.at = { file, line };
      state.seen.set(entry.seq, { line, hash: entry.hash });
      if (entry.seq === head?.seq) headSeen = { file, line, hash: entry.hash };
      if (entry.kind === 'recovered') recoveries++;
      if (entry.kind === 'truncated') truncations++;
      if (head && !options.writtenUpTo && recordsCutOf(entry, head)) markOnRecord = true;
      count++;
    }
    if (bad) return fail({ file, line: bad.line, kind: bad.edited ? 'edited' : 'malformed', message: bad.reason });
    if (torn) return fail({ file, line: torn.line, kind: 'torn', message: `the last line is torn (${torn.bytes} bytes without a newline): not verified` });
  }
  if (head && !headSeen && !markOnRecord) {
    const where = state.at ? { file: state.at.file, line: state.at.line + 1 } : { file: basename(head.file), line: 1 };
    return fail({ ...where, kind: 'deleted', message: `the log ends at seq ${state.seq}, but ${whoSaid} seq ${head.seq}: entries were cut off its end, or its newest file (${basename(head.file)}) is gone` });
  }
  if (head && headSeen && headSeen.hash !== head.hash && !markOnRecord) {
    return fail({ file: headSeen.file, line: headSeen.line, kind: 'edited', message: `seq ${head.seq} is not the entry ${options.writtenUpTo ? 'the engine wrote' : `its head mark (${HEAD_MARK_FILE}) names`} (its hash differs): the chain was rewritten up to here` });
  }
  const unreadable = mark && 'unreadable' in mark ? { headMarkUnreadable: mark.unreadable } : {};
  // A folder of log files without a mark (deleted, or a log from before marks): its end is held to nothing, say so.
  const missing = directory && !options.writtenUpTo && !mark && paths.length > 0 ? { headMarkMissing: true as const } : {};
  return { ok: true, files, count, lastSeq: state.seq, lastHash: state.hash, recoveries, truncations, ...(continuesFrom ? { continuesFrom } : {}), ...unreadable, ...missing };
}
