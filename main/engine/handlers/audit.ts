/** Handlers of the audit read requests: the newest entries, and the chain check, through the audit module's reader. */
import { ContractError } from '../../../shared/contract/errors';
import type { PartialHandlerTable } from '../../../shared/contract/handlers';
import type { AuditEntryView, auditRequests } from '../../../shared/contract/requests/audit';
import type { HandlerContext } from './context';

/** Handlers of every audit request. */
export const auditHandlers: PartialHandlerTable<HandlerContext, keyof typeof auditRequests> = {
  'audit.recent': async ({ count, kinds }, { services }) => {
    try {
      const found = await services.audit.recent(count, kinds);
      // The chain hashes stay in the log: people read who did what; audit.verify checks the chain.
      const entries: AuditEntryView[] = found.entries.map(({ prev: _prev, hash: _hash, ...shown }) => shown);
      return { entries, unreadable: found.unreadable, scanned: found.scanned };
    } catch (error) {
      throw unreadable(error);
    }
  },
  'audit.verify': async (_body, { services }) => {
    try {
      const result = await services.audit.verify();
      return result.ok ? { ok: true, count: result.count, files: result.files, lastSeq: result.lastSeq } : { ok: false, count: result.count, files: result.files, problem: result.problem };
    } catch (error) {
      throw unreadable(error);
    }
  },
};

function unreadable(error: unknown): ContractError {
  return new ContractError('internal', `the audit log cannot be read: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}`);
}
