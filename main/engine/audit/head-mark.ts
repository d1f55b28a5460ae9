/**
 * The head mark: `head.json` in the audit folder, the last durable entry's seq, hash and file, rewritten in place
 * after every durable batch. A hash chain shows an edit, an insertion or a gap, but not entries cut off its end or
 * a newest file deleted: what is left still verifies. The mark is what says how far the log reached, for `audit
 * verify` run offline and for the writer opening the folder again (which records what it finds missing).
 *
 * Written after the batch's fdatasync and not synced itself, so after a power cut it may lag the log, never lead
 * it: a lagging mark is checked for what it names, nothing more. It is advisory: one that cannot be written leaves
 * the log as it was without it, and someone who can cut the log can rewrite the mark too; it catches a log cut
 * short by a tool, a restore of an older copy or a deleted file, not a careful forger.
 */
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditEntry } from './entry';

export const HEAD_MARK_FILE = 'head.json';
/** The mark's fixed size: every write overwrites all of it, so no write leaves bytes of an older one behind. */
const MARK_BYTES = 256;

/** The last durable entry as the mark records it. */
export interface HeadMark {
  seq: number;
  hash: string;
  file: string;
}

/** The folder's mark; undefined when it has none (a log from before marks, or nothing durable yet). */
export async function readHeadMark(dir: string): Promise<HeadMark | { unreadable: string } | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, HEAD_MARK_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { unreadable: (error as Error).message };
  }
  if (text.trim() === '') return undefined; // created, never written: a crash right after the writer opened it
  try {
    const mark = JSON.parse(text) as Partial<HeadMark>;
    if (Number.isSafeInteger(mark.seq) && (mark.seq as number) > 0 && typeof mark.hash === 'string' && typeof mark.file === 'string') return { seq: mark.seq as number, hash: mark.hash, file: mark.file };
  } catch {
    // reported below
  }
  return { unreadable: `${HEAD_MARK_FILE} does not hold a head mark` };
}

/**
 * What a head mark says is missing from a log whose last entry is `last`: entries after it up to the mark's, or the
 * mark's own entry rewritten. Nothing when the log reaches the mark (a mark behind the log is one a crash left).
 */
export function missingPerMark(mark: HeadMark | { unreadable: string } | undefined, last: Pick<AuditEntry, 'seq' | 'hash'> | undefined): Record<string, string | number> | undefined {
  if (!mark || 'unreadable' in mark) return undefined;
  const afterSeq = last?.seq ?? 0;
  const marked = { afterSeq, markedSeq: mark.seq, markedHash: mark.hash, markedFile: mark.file };
  if (mark.seq > afterSeq) return { ...marked, reason: `the log ends at seq ${afterSeq}, but seq ${mark.seq} had been made durable: the entries after seq ${afterSeq} are missing` };
  if (mark.seq === afterSeq && mark.hash !== last?.hash) return { ...marked, reason: `seq ${mark.seq} is not the entry that was made durable (its hash differs): the end of the log was replaced` };
  return undefined;
}

/** Keeps the mark: the newest position noted is written once the write before it has ended (writes never overlap). */
export class HeadMarkWriter {
  private next: HeadMark | undefined;
  private writing: Promise<void> | undefined;
  private failed = false;
  /** Whether the file has been cut to the mark's size (once: something else may have left it longer). */
  private sized = false;

  private constructor(private readonly handle: FileHandle) {}

  /** Opens (creating) the folder's mark without writing it: what it holds stays until the first durable batch. */
  static async open(dir: string): Promise<HeadMarkWriter> {
    const path = join(dir, HEAD_MARK_FILE);
    const handle = await open(path, 'r+').catch(async (error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      return open(path, 'w');
    });
    return new HeadMarkWriter(handle);
  }

  /** Notes the last durable entry; written in the background. */
  note(mark: HeadMark): void {
    if (this.failed) return;
    this.next = mark;
    this.writing ??= this.writeLoop();
  }

  /** Waits for the last noted mark to be written, then closes the file. */
  async close(): Promise<void> {
    await this.writing;
    await this.handle.close();
  }

  private async writeLoop(): Promise<void> {
    try {
      for (let mark = this.next; mark; mark = this.next) {
        this.next = undefined;
        const buffer = Buffer.alloc(MARK_BYTES, ' ');
        buffer.write(JSON.stringify(mark));
        buffer[MARK_BYTES - 1] = 0x0a;
        await this.handle.write(buffer, 0, MARK_BYTES, 0);
        if (!this.sized) await this.handle.truncate(MARK_BYTES);
        this.sized = true;
      }
    } catch {
      this.failed = true; // advisory: the log goes on without it (verify then checks what the last mark written says)
    } finally {
      this.writing = undefined;
    }
  }
}
