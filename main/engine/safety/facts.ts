/** Gathers the gate's facts for one command on one equipment. */
import type { RoleName } from '../../../shared/contract/access';
import type { CommandDeps, CommandSession } from './command-context';
import type { ResolvedEquipment } from './equipment-index';
import type { GateFacts } from './gate';
import type { OwnershipTable } from './ownership-table';
import type { RateLimiter } from './rate-limit';

/** What a command asks of the gate. */
export interface FactsRequest {
  minRole: RoleName;
  motion?: boolean;
  needsOwnership?: boolean;
  isStop?: boolean;
  /** The site command name, for its interlocks; none for raw tag writes. */
  command?: string;
  valueProblem?: GateFacts['valueProblem'];
  targetProblem?: GateFacts['targetProblem'];
  /** Skip the rate check (jog refreshes have their own stream limit). */
  unmetered?: boolean;
}

/** Builds the gate facts of `request` for `session` on `eq`. */
export function gatherFacts(
  deps: CommandDeps,
  owners: OwnershipTable,
  rate: RateLimiter,
  session: CommandSession,
  eq: ResolvedEquipment,
  request: FactsRequest,
): Omit<GateFacts, 'role'> {
  const link = deps.link(eq.connectionId, eq.equipment.id);
  const holder = owners.holder(eq.equipment.id);
  return {
    minRole: request.minRole,
    isStop: request.isStop ?? false,
    motion: request.motion ?? false,
    needsOwnership: request.needsOwnership ?? true,
    ownsControl: holder?.sessionId === session.id,
    ...(holder && holder.sessionId !== session.id ? { holder: `${holder.user} on ${holder.console}` } : {}),
    remote: deps.remote(eq.equipment.id),
    link: link.quality,
    ...(link.rttMs !== undefined ? { rttMs: link.rttMs } : {}),
    interlocks: request.command ? deps.interlocks(eq.equipment.id, request.command) : [],
    ...(request.valueProblem ? { valueProblem: request.valueProblem } : {}),
    ...(request.targetProblem ? { targetProblem: request.targetProblem } : {}),
    rateExceeded: request.unmetered ? false : !rate.take(`${session.id}:${eq.equipment.id}`),
  };
}
