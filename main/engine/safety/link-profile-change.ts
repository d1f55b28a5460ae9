/**
 * Switching the link lab's profile (admin only, checked by the session dispatch): it changes how every simulator's
 * link behaves for every console, so it is audited like a trust change (attempt, then ok or failed), never silently.
 */
import { ContractError } from '../../../shared/contract/errors';
import type { CommandDeps, CommandSession } from './command-context';
import { audit } from './command-path';

/** The lab as the command path sees it (services.ts' LinkLabControl). */
export interface SwitchableLab {
  profiles(): readonly string[];
  profile(): string | undefined;
  setProfile(profile: string): Promise<{ profile: string; proxies: number }>;
}

/** Applies `profile` to the lab, audited; an unknown profile is refused before anything is recorded. */
export async function changeLinkProfile(deps: Pick<CommandDeps, 'audit' | 'log'>, session: CommandSession, lab: SwitchableLab, profile: string): Promise<{ profile: string; proxies: number }> {
  const names = lab.profiles();
  if (!names.includes(profile)) throw new ContractError('bad-request', `unknown link profile "${profile}"; known: ${names.join(', ')}`);
  const principal = session.principal();
  const before = lab.profile();
  const base = { kind: 'config', console: session.label, target: `link profile ${profile}`, ...(before !== undefined ? { oldValue: before } : {}), ...(principal ? { user: principal.user, role: principal.role } : {}) };
  if ((await audit(deps, { ...base, outcome: 'attempt' })) === false) throw new ContractError('refused', 'The audit log cannot record this profile switch; nothing was changed');
  try {
    const done = await lab.setProfile(profile);
    await audit(deps, { ...base, outcome: 'ok', newValue: done.profile });
    deps.log.info('link.profile-switched', `link lab profile ${before ?? '(unknown)'} → ${done.profile} on ${done.proxies} proxies`);
    return done;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // The lab said no: nothing changed. Anything else (no answer, a channel gone) leaves it unknown whether the proxies
    // switched, and the record says so rather than "failed".
    const refusedByLab = error instanceof ContractError && error.code === 'refused';
    await audit(deps, { ...base, outcome: refusedByLab ? 'refused' : 'timeout', reason: refusedByLab ? message : `not confirmed, the lab may have switched: ${message}` });
    if (error instanceof ContractError) throw error;
    throw new ContractError('internal', `The link lab did not confirm the switch (it may have taken it): ${message}`);
  }
}
