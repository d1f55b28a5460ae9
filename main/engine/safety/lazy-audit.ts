/**
 * The engine's audit sink: the hash-chained log under `<dataDir>/audit`, opened on first use. Without a data
 * directory, or when the log cannot be opened, every append fails, so every command is refused: the console never
 * touches equipment unaudited.
 */
import { AuditLog, auditDirOf } from '../audit';
import type { Logger } from '../drivers/driver';
import { auditSinkFor, handled, stageOn } from './audit-sink';
import type { AuditSink } from './command-context';

/** An audit sink that opens the log lazily; `onUnhealthy` is told once when the log stops recording. */
export function lazyAuditSink(dataDir: string, log: Logger, onUnhealthy?: (reason: string) => void): AuditSink {
  let opened: Promise<AuditSink> | undefined;
  let closed = false;
  const open = async (): Promise<AuditSink> => {
    if (!dataDir) throw new Error('no data directory: the audit log has nowhere to go');
    const auditLog = await AuditLog.open({
      dir: auditDirOf(dataDir),
      onUnhealthy: (reason) => {
        log.error('audit.unhealthy', `audit log refuses entries: ${reason}`);
        onUnhealthy?.(reason);
      },
      onHeadMarkProblem: (reason) => log.warn('audit.head-mark', `the audit log goes on without its head mark, so entries cut off its end would not be found: ${reason}`),
    });
    if (auditLog.foundCutShort) log.error('audit.cut-short', `the audit log ends before its head mark says it reached (recorded in the log): ${auditLog.foundCutShort}`);
    return auditSinkFor(auditLog);
  };
  const ready = async (): Promise<AuditSink> => {
    if (closed) throw new Error('the audit log is closed (engine stopping)');
    opened ??= open().catch((error: unknown) => {
      opened = undefined; // try again next time (the disk may come back)
      throw error;
    });
    return opened;
  };
  return {
    append: async (record) => (await ready()).append(record),
    stage: (record) => {
      const staged = ready().then((s) => stageOn(s, record));
      return handled({ written: staged.then((s) => s.written), durable: staged.then((s) => s.durable) });
    },
    close: async () => {
      closed = true;
      const sink = await opened?.catch(() => undefined);
      opened = undefined;
      await sink?.close?.();
    },
  };
}
