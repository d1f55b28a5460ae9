/**
 * The head mark: `head.json` in the audit folder, the last durable entry's seq, hash and file, rewritten in place
 * after every durable batch. A hash chain shows an edit, an insertion or a gap, but not entries cut off its end or
 * a newest file deleted: what is left still verifies. The mark is what says how far the log reached, for `audit
 * verify` run offline and for the writer opening the folder again (which records what it finds missing).
 *
 * Written after the batch's fdatasync and not synced itself, so after a power cut it may lag the log: a lagging mark
 * is checked for what it names, nothing more. A cut, once recorded as a `truncated` entry, makes the seqs after it
 * mean other entries, so the writer then makes the mark durable before it appends anything else; an older mark
 * naming exactly what a `truncated` entry records is that cut, already on record. The mark carries a check of its
 * own fields, so a reader that meets it half rewritten reads again instead of seeing a mark that never was.
 *
 * It is advisory: one that cannot be written leaves the log as it was without it (said once in the engine's log),
 * and someone who can cut the log can rewrite the mark too. It catches a log cut short by a tool, a deleted file or
 * older log files put back without their mark, not a careful forger. A backup copies `head.json` first.
 */
import { createHash } from 'node:crypto';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditEntry } from './entry';
import { fsyncDir } from './files';

export const HEAD_MARK_FILE = 'head.json';
/** The mark's fixed size: every write overwrites all of it, so no write leaves bytes of an older one behind. */
const MARK_BYTES = 256;
/** Reads of a mark that fails its check (being rewritten this instant) before it counts as unreadable. */
const READ_ATTEMPTS = 3;

/** The last durable entry as the mark records it. */
export interface HeadMark {
  seq: number;
  hash: string;
  file: string;
}

type MarkRead = HeadMark | { unreadable: string } | undefined;

const checkOf = (m: HeadMark) => createHash('sha256').update(`${m.seq}:${m.hash}:${m.file}`).digest('hex').slice(0, 16);

/** The mark as stored: its fields and their check, padded to MARK_BYTES with a final newline. */
export function headMarkBytes(mark: HeadMark): Buffer {
  const buffer = Buffer.alloc(MARK_BYTES, ' ');
  buffer.write(JSON.stringify({ seq: mark.seq, hash: mark.hash, file: mark.file, check: checkOf(mark) }));
  buffer[MARK_BYTES - 1] = 0x0a;
  return buffer;
}

/** The folder's mark; undefined when it has none (a log from before marks, or nothing durable yet). */
export async function readHeadMark(dir: string): Promise<MarkRead> {
  for (let attempt = 1; ; attempt++) {
    const read = await readOnce(dir);
    if (!read || !('unreadable' in read) || attempt >= READ_ATTEMPTS) return read;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function readOnce(dir: string): Promise<MarkRead> {
  let text: string;
  try {
    text = await readFile(join(dir, HEAD_MARK_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { unreadable: (error as Error).message };
  }
  if (text.trim() === '') return undefined; // created, never written: a crash right after the writer opened it
  try {
    const read = JSON.parse(text) as Partial<HeadMark> & { check?: unknown };
    const mark = { seq: read.seq, hash: read.hash, file: read.file } as HeadMark;
    if (Number.isSafeInteger(mark.seq) && mark.seq > 0 && typeof mark.hash === 'string' && typeof mark.file === 'string' && read.check === checkOf(mark)) return mark;
  } catch {
    // reported below
  }
  return { unreadable: `${HEAD_MARK_FILE} does not hold a head mark` };
}

/** True when `entry` is the `truncated` entry that recorded the cut `mark` reports (an older mark, from before it). */
export function recordsCutOf(entry: Pick<AuditEntry, 'kind' | 'detail'> | undefined, mark: HeadMark): boolean {
  return entry?.kind === 'truncated' && entry.detail?.markedSeq === mark.seq && entry.detail.markedHash === mark.hash;
}

/**
 * Whether any `truncated` entry in `files` records the cut `mark` reports (newest file first). Read only when the mark
 * and the log's last entry disagree, which is rare: a mark older than a recorded cut, when the mark could not be made
 * durable after it.
 */
export async function cutOnRecord(files: readonly string[], mark: HeadMark): Promise<boolean> {
  for (const file of [...files].reverse()) {
    for (const line of (await readFile(file, 'utf8')).split('\n')) {
      if (!line.includes('"truncated"')) continue;
      try {
        if (recordsCutOf(JSON.parse(line) as AuditEntry, mark)) return true;
      } catch {
        // a line that is not an entry: audit verify names it
      }
    }
  }
  return false;
}

/**
 * What a head mark says is missing from a log whose last entry is `last`: entries after it up to the mark's, or the
 * mark's own entry rewritten. Nothing when the log reaches the mark, when the mark is behind the log (a crash left it;
 * its entry is not read here, `audit verify` checks it), or when `last` is the entry that recorded this very cut.
 */
export function missingPerMark(mark: MarkRead, last: Pick<AuditEntry, 'seq' | 'hash' | 'kind' | 'detail'> | undefined): Record<string, string | number> | undefined {
  if (!mark || 'unreadable' in mark || recordsCutOf(last, mark)) return undefined;
  const afterSeq = last?.seq ?? 0;
  const marked = { afterSeq, markedSeq: mark.seq, markedHash: mark.hash, markedFile: mark.file };
  if (mark.seq > afterSeq) return { ...marked, reason: `the log ends at seq ${afterSeq}, but seq ${mark.seq} had been made durable: the entries after seq ${afterSeq} are missing` };
  if (mark.seq === afterSeq && mark.hash !== last?.hash) return { ...marked, reason: `seq ${mark.seq} is not the entry that was made durable (its hash differs): the end of the log was replaced` };
  return undefined;
}

/**
 * Keeps the mark: the newest position noted is written once the write before it has ended (writes never overlap).
 * A write that fails is tried again with the next batch; `onProblem` hears the first failure of a run of them.
 */
export class HeadMarkWriter {
  private next: HeadMark | undefined;
  private writing: Promise<void> | undefined;
  /** Whether the file has been cut to the mark's size (once: something else may have left it longer). */
  private sized = false;
  private failing = false;

  private constructor(
    private readonly handle: FileHandle | undefined,
    private readonly created: boolean,
    private readonly dir: string,
    private readonly onProblem: (reason: string) => void,
  ) {}

  /**
   * Opens (creating) the folder's mark without writing it: what it holds stays until the first durable batch. A mark
   * that cannot be opened is told to `onProblem` and the log goes on without one.
   */
  static async open(dir: string, onProblem: (reason: string) => void): Promise<HeadMarkWriter> {
    const path = join(dir, HEAD_MARK_FILE);
    try {
      return new HeadMarkWriter(await open(path, 'r+'), false, dir, onProblem);
    } catch (error) {
      try {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new HeadMarkWriter(await open(path, 'w'), true, dir, onProblem);
        throw error;
      } catch (failed) {
        onProblem(`cannot open ${HEAD_MARK_FILE}: ${(failed as Error).message}`);
        return new HeadMarkWriter(undefined, false, dir, onProblem);
      }
    }
  }

  /** Notes the last durable entry; written in the background. */
  note(mark: HeadMark): void {
    if (!this.handle) return;
    this.next = mark;
    this.writing ??= this.writeLoop();
  }

  /** Writes `mark` now and makes it durable (after a cut is recorded, before anything else is appended). */
  async noteDurably(mark: HeadMark): Promise<void> {
    this.note(mark);
    await this.writing;
    if (!this.handle || this.failing) return;
    try {
      await this.handle.datasync();
      if (this.created) await fsyncDir(this.dir);
    } catch (error) {
      this.failed(error);
    }
  }

  /** Waits for the last noted mark to be written, then closes the file. */
  async close(): Promise<void> {
    await this.writing;
    await this.handle?.close();
  }

  private async writeLoop(): Promise<void> {
    const handle = this.handle as FileHandle;
    for (let mark = this.next; mark; mark = this.next) {
      this.next = undefined;
      try {
        await handle.write(headMarkBytes(mark), 0, MARK_BYTES, 0);
        if (!this.sized) await handle.truncate(MARK_BYTES);
        this.sized = true;
        this.failing = false;
      } catch (error) {
        this.failed(error); // advisory: tried again with the next batch
      }
    }
    this.writing = undefined;
  }

  private failed(error: unknown): void {
    if (!this.failing) this.onProblem(`cannot write ${HEAD_MARK_FILE}: ${(error as Error).message}`);
    this.failing = true;
  }
}
