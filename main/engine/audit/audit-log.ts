/**
 * The audit log writer: append-only JSON lines, hash-chained, durable before acknowledged. Two steps per entry:
 * written (its bytes with the operating system: an engine crash can no longer lose it) and durable (fdatasync'd).
 * Writes go out one after another, each taking every entry appended meanwhile; syncs run beside them on a second
 * handle of the same file, each making durable what was written before it began (group commit). So an entry is
 * never written later for a sync in progress (a command's device write waits for its attempt to be written), and
 * the event loop never waits for the disk (the stop does not wait for the audit at all). `stage` reports both steps.
 */
import { mkdir, type FileHandle } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { entryHash, GENESIS, MAX_LINE_BYTES, serializeEntry } from './chain';
import { registerLiveLog, unregisterLiveLog } from './live-logs';
import { AuditError, normaliseInput, type AuditEntry, type AuditEntryInput, type AuditRef } from './entry';
import { closeLogFile, fsyncDir, listAuditFiles, nextAuditFileName, openLogFile, type LogFile } from './files';
import { cutOnRecord, HeadMarkWriter, missingPerMark, readHeadMark, type HeadMark } from './head-mark';
import { lockAuditDir } from './lock';
import { lastEntryOf, moveTornBytesAside, readFileTail, type TornRecovery } from './tail';

/** How to open a log. */
export interface AuditLogOptions {
  /** The audit folder (see `auditDirOf(dataDir)`). */
  dir: string;
  /** Start a new file once the current one would grow past this (default 16 MiB). */
  maxFileBytes?: number;
  /** Most entries per durable write (default 1024); 1 turns group commit off (benchmarks only). */
  maxBatch?: number;
  /** Told once when the log turns unhealthy (a failed write or sync). */
  onUnhealthy?: (reason: string) => void;
  /** Told when its head mark cannot be opened or written (the log goes on without it; head-mark.ts). */
  onHeadMarkProblem?: (reason: string) => void;
  now?: () => Date;
}

/** Healthy, or why appends are refused. */
export type AuditHealth = { ok: true } | { ok: false; reason: string };

/** An entry on its way: `written` once its bytes are with the operating system, `durable` once they are on disk. */
export interface StagedAudit {
  written: Promise<AuditRef>;
  durable: Promise<AuditRef>;
}

type Fields = Omit<AuditEntry, 'seq' | 'time' | 'prev' | 'hash'>;

interface Pending {
  fields: Fields;
  time: string;
  /** Its line's size at most (fields and the log's own), measured once at append for the limit and the rotation. */
  estimate: number;
  resolve(ref: AuditRef): void;
  reject(error: Error): void;
  /** Told once the entry is written, before the sync (staged entries only). */
  written?: { resolve(ref: AuditRef): void; reject(error: Error): void };
}
/** An entry whose bytes are in the file, waiting for its sync (a rotation header has no one waiting). */
interface Written {
  pending?: Pending;
  ref: AuditRef;
}
const ignore = () => undefined;

/** Bytes a line adds beyond its fields' JSON: seq, time, prev, hash and their keys. */
const LINE_OVERHEAD = 220;

/** An open audit log; use `AuditLog.open`. */
export class AuditLog {
  /** Appended, not yet written. */
  private pending: Pending[] = [];
  /** Written, waiting for fdatasync. */
  private unsynced: Written[] = [];
  private writeScheduled = false;
  private writing = false;
  private syncing = false;
  private rotating = false;
  /** Told when a write or sync loop ends (a rotation waits for both). */
  private loopEnded: (() => void)[] = [];
  private drained: (() => void)[] = [];
  /** The last durable entry (what `position` reports). */
  private durable: { seq: number; hash: string };
  private failure?: string;
  private closed = false;
  private counters = { entries: 0, batches: 0 };
  /** What the head mark said was missing when this log was opened (recorded as its `truncated` entry), if anything. */
  foundCutShort: string | undefined;

  private constructor(
    private readonly options: Required<Omit<AuditLogOptions, 'onUnhealthy' | 'onHeadMarkProblem'>> & Pick<AuditLogOptions, 'onUnhealthy'>,
    private readonly release: () => Promise<void>,
    private out: LogFile,
    private size: number,
    private lastSeq: number,
    private lastHash: string,
    private previousFile: string | undefined,
    private readonly headMark: HeadMarkWriter,
  ) {
    this.durable = { seq: lastSeq, hash: lastHash };
  }

  /**
   * Opens (or creates) the log in `options.dir`; a torn last line is moved aside and a `recovered` entry recorded,
   * and a log that ends before its head mark (head-mark.ts: entries cut off its end, a newest file deleted) gets a
   * `truncated` entry saying what is missing, before anything else is appended.
   */
  static async open(options: AuditLogOptions): Promise<AuditLog> {
    const settings = { maxFileBytes: 16 * 1024 * 1024, maxBatch: 1024, now: () => new Date(), ...options };
    await mkdir(settings.dir, { recursive: true });
    const release = await lockAuditDir(settings.dir);
    try {
      const files = await listAuditFiles(settings.dir);
      let recovery: TornRecovery | undefined;
      let current = files.at(-1);
      let size = 0;
      let last: AuditEntry | undefined;
      if (current) {
        const tail = await readFileTail(current);
        if (tail.completeBytes < tail.size) recovery = await moveTornBytesAside(current, tail);
        size = tail.completeBytes;
        last = lastEntryOf(current, tail);
        // An empty newest file (crash right after a rotation) continues from the file before it.
        for (let i = files.length - 2; !last && i >= 0; i--) {
          const before = files[i] as string;
          const beforeTail = await readFileTail(before);
          if (beforeTail.completeBytes < beforeTail.size) throw new AuditError(`${before}: torn bytes in a file that is not the newest; run "rec-console audit verify"`);
          last = lastEntryOf(before, beforeTail);
        }
      } else {
        current = join(settings.dir, nextAuditFileName(undefined, settings.now()));
      }
      const mark = await readHeadMark(settings.dir);
      let missing = missingPerMark(mark, last);
      if (missing && (await cutOnRecord(files, mark as HeadMark))) missing = undefined;
      const headMark = await HeadMarkWriter.open(settings.dir, (reason) => settings.onHeadMarkProblem?.(reason));
      const out = await openLogFile(current).catch(async (error: unknown) => {
        await headMark.close();
        throw error;
      });
      const closeBoth = async (error: unknown) => {
        try {
          await closeLogFile(out);
        } finally {
          await headMark.close();
        }
        throw error;
      };
      if (files.length === 0) await fsyncDir(settings.dir).catch(closeBoth);
      const previousFile = size === 0 && files.length > 1 ? basename(files.at(-2) as string) : undefined;
      const log = new AuditLog(settings, release, out, size, last?.seq ?? 0, last?.hash ?? GENESIS, previousFile, headMark);
      if (recovery) await log.enqueue({ kind: 'recovered', detail: { ...recovery, afterSeq: last?.seq ?? 0 } }).catch(closeBoth);
      if (missing) {
        const recorded = await log.enqueue({ kind: 'truncated', detail: missing }).catch(closeBoth);
        // From here the seqs after the cut name new entries: the old mark must not outlive this one (head-mark.ts).
        await headMark.noteDurably(recorded);
        log.foundCutShort = String(missing.reason);
      }
      registerLiveLog(settings.dir, log);
      return log;
    } catch (error) {
      await release();
      throw error;
    }
  }

  /** Appends one entry; resolves once it is on disk (durable), rejects if it is invalid or the log is unhealthy. */
  append(input: AuditEntryInput): Promise<AuditRef> {
    let fields: Fields;
    try {
      fields = normaliseInput(input);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.enqueue(fields);
  }

  /**
   * Appends one entry and tells both steps: `written` (with the operating system: a crash of the engine no longer
   * loses it; a power cut still can) and `durable` (on disk). Both reject if the entry is invalid or the log is (or
   * turns) unhealthy first; a caller may await either or both (neither is left as an unhandled rejection).
   */
  stage(input: AuditEntryInput): StagedAudit {
    let written: Pending['written'];
    const writtenPromise = new Promise<AuditRef>((resolve, reject) => (written = { resolve, reject }));
    let durable: Promise<AuditRef>;
    try {
      durable = this.enqueue(normaliseInput(input), written);
    } catch (error) {
      durable = Promise.reject(error);
    }
    durable.catch((error: unknown) => written?.reject(error as Error)); // never written: `written` fails with it
    writtenPromise.catch(ignore);
    durable.catch(ignore);
    return { written: writtenPromise, durable };
  }

  /** Healthy, or the reason every append is now refused. */
  get health(): AuditHealth {
    return this.failure ? { ok: false, reason: this.failure } : { ok: true };
  }

  /** The last acknowledged (durable) entry's seq and hash, and the file being written. */
  get position(): { seq: number; hash: string; file: string } {
    return { ...this.durable, file: this.out.path };
  }

  /** Entries written and durable batches since open (group commit makes batches < entries under load). */
  get stats(): { entries: number; batches: number } {
    return { ...this.counters };
  }

  /** Waits for pending appends, then closes the file and releases the directory. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!this.idle) await new Promise<void>((resolve) => this.drained.push(resolve));
    unregisterLiveLog(this.options.dir, this);
    try {
      await closeLogFile(this.out);
    } finally {
      await this.headMark.close().finally(() => this.release());
    }
  }

  private enqueue(fields: Fields, written?: Pending['written']): Promise<AuditRef> {
    if (this.closed) return Promise.reject(new AuditError('the audit log is closed'));
    if (this.failure) return Promise.reject(new AuditError(`the audit log is unhealthy: ${this.failure}`));
    const estimate = Buffer.byteLength(JSON.stringify(fields)) + LINE_OVERHEAD;
    if (estimate > MAX_LINE_BYTES) {
      return Promise.reject(new AuditError(`entry too large (limit ${MAX_LINE_BYTES} bytes)`));
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ fields, time: this.options.now().toISOString(), estimate, resolve, reject, ...(written ? { written } : {}) });
      this.scheduleWrite();
    });
  }

  /** Starts writing once the current task ends, so appends made together share one write. */
  private scheduleWrite(): void {
    if (this.writeScheduled || this.writing || this.rotating) return;
    this.writeScheduled = true;
    queueMicrotask(() => {
      this.writeScheduled = false;
      if (!this.writing && !this.rotating) void this.writeLoop();
    });
  }

  /** Writes pending entries, a batch at a time, until none is left or the file is full (then rotates). */
  private async writeLoop(): Promise<void> {
    this.writing = true;
    let full = false;
    while (this.pending.length > 0 && !this.failure && !full) full = await this.writeBatch();
    this.writing = false;
    if (full && !this.failure) void this.rotate();
    this.loopDone();
  }

  /**
   * Writes the pending entries that fit in the current file (up to `maxBatch`) as one write, in order, chaining each
   * to the one before. Returns true when entries are left that need the next file.
   */
  private async writeBatch(): Promise<boolean> {
    let seq = this.lastSeq;
    let prev = this.lastHash;
    const lines: Buffer[] = [];
    let bytes = 0;
    const written: Written[] = [];
    let full = false;
    const add = (fields: Fields, time: string): AuditRef => {
      const entry = { seq: seq + 1, time, ...fields, prev } as AuditEntry;
      entry.hash = entryHash(entry);
      const line = Buffer.from(serializeEntry(entry));
      lines.push(line);
      bytes += line.length;
      seq = entry.seq;
      prev = entry.hash;
      return { seq: entry.seq, hash: entry.hash, file: basename(this.out.path) };
    };
    // The header takes the time of the entry after it, so times never go back within a file.
    const header = this.previousFile ? add({ kind: 'rotate', detail: { previousFile: this.previousFile } }, (this.pending[0] as Pending).time) : undefined;
    for (const pending of this.pending) {
      if (written.length >= this.options.maxBatch) break;
      // A file takes at least one entry, however large, so an entry never waits for a rotation forever.
      if ((written.length > 0 || this.size > 0) && this.size + bytes + pending.estimate > this.options.maxFileBytes) {
        full = true;
        break;
      }
      written.push({ pending, ref: add(pending.fields, pending.time) });
    }
    if (written.length === 0) return full;
    const batch = this.pending.splice(0, written.length);
    try {
      await writeAll(this.out.handle, Buffer.concat(lines, bytes));
    } catch (error) {
      this.fail(error, batch);
      return false;
    }
    // A sync that failed while this write was out made the log unhealthy: these entries are refused too (a command
    // must not go ahead on an attempt the log can no longer make durable).
    if (this.failure) {
      this.fail(new Error(this.failure), batch);
      return false;
    }
    this.size += bytes;
    this.lastSeq = seq;
    this.lastHash = prev;
    this.previousFile = undefined;
    this.counters.entries += lines.length;
    if (header) this.unsynced.push({ ref: header });
    this.unsynced.push(...written);
    for (const { pending, ref } of written) pending?.written?.resolve(ref);
    if (!this.syncing) void this.syncLoop();
    return full;
  }

  /**
   * Makes written entries durable, up to `maxBatch` per fdatasync; what is written while a sync runs goes with the
   * next one (group commit). Entries are acknowledged, and the position moves, only once durable.
   */
  private async syncLoop(): Promise<void> {
    this.syncing = true;
    while (this.unsynced.length > 0 && !this.failure) {
      const batch = this.unsynced.splice(0, this.options.maxBatch);
      try {
        // fdatasync flushes the new file size too: after a power cut the file still holds every acknowledged line.
        // Any handle of the file flushes what every handle wrote; a second one never holds up the next write.
        await this.out.syncer.datasync();
      } catch (error) {
        this.fail(error, batch.flatMap((w) => (w.pending ? [w.pending] : [])));
        break;
      }
      this.counters.batches++;
      const last = (batch.at(-1) as Written).ref;
      this.durable = { seq: last.seq, hash: last.hash };
      for (const { pending, ref } of batch) pending?.resolve(ref);
      this.headMark.note(last); // after the replies: the mark is never what a command waits for
    }
    this.syncing = false;
    this.loopDone();
  }

  /** Starts the next file once the current one's entries are written and durable; its first entry names the file before it. */
  private async rotate(): Promise<void> {
    this.rotating = true;
    try {
      while (this.writing || this.syncing) await new Promise<void>((resolve) => this.loopEnded.push(resolve));
      if (this.failure) return;
      const next = await openLogFile(join(this.options.dir, nextAuditFileName(this.out.path, this.options.now())));
      try {
        await fsyncDir(this.options.dir);
      } catch (error) {
        await closeLogFile(next).catch(() => undefined);
        throw error;
      }
      const old = this.out;
      this.previousFile = basename(old.path);
      this.out = next;
      this.size = 0;
      await closeLogFile(old);
    } catch (error) {
      this.fail(error, []);
    } finally {
      this.rotating = false;
    }
    if (this.pending.length > 0 && !this.failure) void this.writeLoop();
    this.loopDone();
  }

  private get idle(): boolean {
    return this.pending.length === 0 && this.unsynced.length === 0 && !this.writing && !this.syncing && !this.rotating && !this.writeScheduled;
  }

  /** Wakes a rotation waiting for the loops, and `close()` once nothing is left to write or sync. */
  private loopDone(): void {
    for (const resolve of this.loopEnded.splice(0)) resolve();
    if (this.idle) for (const resolve of this.drained.splice(0)) resolve();
  }

  /** After a failed write or sync nothing more is acknowledged: this batch and everything queued is rejected. */
  private fail(error: unknown, batch: Pending[]): void {
    const reason = error instanceof Error ? error.message.split('\n')[0] ?? error.message : String(error);
    if (!this.failure) {
      this.failure = reason;
      this.options.onUnhealthy?.(reason);
    }
    const refused = new AuditError(`the audit log is unhealthy: ${this.failure}`);
    const unsynced = this.unsynced.splice(0).flatMap((w) => (w.pending ? [w.pending] : []));
    for (const pending of [...batch, ...unsynced, ...this.pending.splice(0)]) {
      pending.written?.reject(refused); // no-op for one already written
      pending.reject(refused);
    }
    this.loopDone();
  }
}

/** Writes all of `buffer` at the file's end (the file is opened for appending). */
async function writeAll(out: FileHandle, buffer: Buffer): Promise<void> {
  let offset = 0;
  while (offset < buffer.length) offset += (await out.write(buffer, offset)).bytesWritten;
}
