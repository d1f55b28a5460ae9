/** The command path's audit records, written to the engine's hash-chained audit log. */
import type { AuditEntryInput, AuditLog } from '../audit';
import type { AuditRecord, AuditSink, StagedRecord } from './command-context';

const KINDS: Record<string, AuditEntryInput['kind']> = {
  control: 'ownership',
  command: 'write',
  'raw-write': 'write',
  write: 'write',
  call: 'call',
  jog: 'jog',
  stop: 'stop',
  login: 'login',
  'login-refused': 'login-refused',
  logout: 'logout',
  'session-locked': 'session-locked',
  trust: 'trust',
  'alarm-ack': 'alarm-ack',
  'alarm-shelve': 'alarm-shelve',
  'alarm-unshelve': 'alarm-unshelve',
  'alarm-suppress': 'alarm-suppress',
  config: 'config',
};
const RESULTS = new Set(['attempt', 'ok', 'refused', 'device-rejected', 'verify-mismatch', 'timeout']);

/** Maps a record onto the log's entry shape. */
export function toAuditInput(record: AuditRecord): AuditEntryInput {
  const result = (RESULTS.has(record.outcome ?? '') ? record.outcome : 'error') as NonNullable<AuditEntryInput['outcome']>['result'];
  return {
    kind: KINDS[record.kind] ?? 'write',
    who: { user: record.user ?? '(not logged in)', ...(record.role ? { role: record.role } : {}), ...(record.console ? { console: record.console } : {}) },
    target: { ...(record.equipment ? { equipment: record.equipment } : {}), ...(record.target ? { command: record.target } : {}) },
    ...(record.oldValue !== undefined ? { old: record.oldValue } : {}),
    ...(record.newValue !== undefined ? { new: record.newValue } : {}),
    outcome: {
      result,
      ...(record.stage ? { stage: record.stage } : {}),
      // A loss or failure keeps its own word in the code, so `error` never hides what happened.
      ...(record.code ? { code: record.code } : result === 'error' && record.outcome ? { code: record.outcome } : {}),
      ...(record.reason ? { reason: record.reason } : {}),
    },
    ...(record.latencyMs !== undefined ? { latencyMs: record.latencyMs } : {}),
    ...(record.ref !== undefined ? { ref: record.ref } : {}),
    ...(record.detail !== undefined ? { detail: record.detail } : {}),
  };
}

/** An AuditSink over an open audit log; `append` resolves with the entry's seq once it is fsync'd. */
export function auditSinkFor(log: AuditLog): AuditSink {
  return {
    append: async (record) => (await log.append(toAuditInput(record))).seq,
    stage: (record) => {
      const staged = log.stage(toAuditInput(record));
      return handled({ written: staged.written.then((ref) => ref.seq), durable: staged.durable.then((ref) => ref.seq) });
    },
    close: () => log.close(),
  };
}

/** Marks both promises handled (a caller may await only one; the other must not become an unhandled rejection). */
export function handled(staged: StagedRecord): StagedRecord {
  staged.written.catch(() => undefined);
  staged.durable.catch(() => undefined);
  return staged;
}

/** Stages `record` on `sink` (never throws); a sink without `stage` appends, the two steps then being one. */
export function stageOn(sink: AuditSink, record: AuditRecord): StagedRecord {
  try {
    if (sink.stage) return handled(sink.stage(record)); // a sink of the engine's options may not mark them
    const appended = sink.append(record);
    return handled({ written: appended, durable: appended });
  } catch (error) {
    const failed = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    return handled({ written: failed, durable: failed });
  }
}
