/** A non-ok command outcome as a contract error, for the maintenance requests whose replies predate the outcome type. */
import { ContractError, type ErrorCode } from '../../../shared/contract/errors';
import type { CommandOutcome } from '../../../shared/contract/outcome';

const CODES: Record<Exclude<CommandOutcome['status'], 'ok'>, ErrorCode> = {
  refused: 'refused',
  'device-rejected': 'device-error',
  'verify-mismatch': 'device-error',
  timeout: 'timeout',
};

/** The error a failed outcome becomes; `details.outcome` carries the outcome itself. */
export function outcomeError(outcome: Exclude<CommandOutcome, { status: 'ok' }>): ContractError {
  // A refusal because the link is down keeps the contract's long-standing code for it.
  const code = outcome.status === 'refused' && outcome.code === 'link-lost' ? 'not-connected' : outcome.status === 'refused' && outcome.stage === 'value' ? 'bad-request' : CODES[outcome.status];
  return new ContractError(code, outcome.text, { outcome, ...('code' in outcome ? { code: outcome.code } : {}) });
}

/** `{ unaudited: true }` for a reply whose command the device took but the audit log could not record; else nothing. */
export function unauditedOf(outcome: CommandOutcome): { unaudited?: true } {
  return 'unaudited' in outcome && outcome.unaudited === true ? { unaudited: true } : {};
}
