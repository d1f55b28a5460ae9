/** A failed request as a command outcome (pure: the command controls and the jog store both show it). */
import { ContractError } from '../../../shared/contract/errors';
import type { CommandOutcome } from '../../../shared/contract/outcome';

/**
 * A request error shown as its outcome. One that was sent and never answered (the engine link closed under it, or no
 * reply in time) may have acted on the device: "no answer", never "refused". Others (forbidden, busy, no engine link
 * before sending) sent nothing: shown like a refusal, with the engine's text.
 */
export function errorOutcome(error: unknown): CommandOutcome {
  if (error instanceof ContractError && (error.code === 'timeout' || (error.code === 'closed' && error.details?.sent === true))) {
    return { status: 'timeout', text: error.message, latencyMs: 0 };
  }
  if (error instanceof ContractError) return { status: 'refused', stage: 'authorise', code: error.code, text: error.message };
  return { status: 'refused', stage: 'authorise', code: 'internal', text: String(error) };
}
