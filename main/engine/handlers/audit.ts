/** Handler of the audit read request: the newest entries through the audit module's reader. */
import { ContractError } from '../../../shared/contract/errors';
import type { PartialHandlerTable } from '../../../shared/contract/handlers';
import type { AuditEntryView, auditRequests } from '../../../shared/contract/requests/audit';
import type { HandlerContext } from './context';

/** Handlers of every audit request. */
export const auditHandlers: PartialHandlerTable<HandlerContext, keyof typeof auditRequests> = {
  'audit.recent': async ({ count, kinds }, { services }) => {
    try {
      const found = await services.audit.recent(count, kinds);
      // The chain hashes stay in the log: people read who did what, `rec-console audit verify` checks the chain.
      const entries: AuditEntryView[] = found.entries.map(({ prev: _prev, hash: _hash, ...shown }) => shown);
      return { entries, unreadable: found.unreadable, scanned: found.scanned };
    } catch (error) {
      throw new ContractError('internal', `the audit log cannot be read: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}`);
    }
  },
};
