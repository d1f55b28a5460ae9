/**
 * Why a control is disabled for this user right now (login, role, link, ownership), as a catalog key with parameters.
 * The link counts twice: the connection's state (is a session open at all) and the equipment's link quality from the
 * link monitor (does the device answer, fast enough for motion) — a half-open link keeps the connection "degraded"
 * while the engine already refuses motion, so the controls follow the quality as the engine's gate does.
 */
import { roleAtLeast, type RoleName } from '../../../shared/contract/access';
import type { ConnectionState } from '../../../shared/contract/events';
import type { Principal } from '../../../shared/contract/requests/control';
import type { MessageKey } from '../../i18n/messages';

/** A reason to show next to a disabled control. */
export interface Blocked {
  key: MessageKey;
  params?: Record<string, string>;
}

/** The link monitor's judgement of an equipment's link (undefined before its first figures). */
export type LinkQuality = 'good' | 'degraded' | 'unsafe' | 'lost';

const LIVE: readonly ConnectionState[] = ['connected', 'degraded'];

/**
 * Why nothing on this equipment can be operated (take control included), or undefined; `reason` is the quality's
 * reason text. Without the engine nothing can be, whoever is (or was) logged in.
 */
export function panelBlocked(principal: Principal | null, connection: ConnectionState | undefined, quality?: LinkQuality, reason = '', engineLive = true, linkSilent = false): Blocked | undefined {
  if (!engineLive) return { key: 'control.reasonNoEngine' };
  // The engine has said nothing of its links for seconds (stalled): what is sent now would arrive late, if at all.
  if (linkSilent) return { key: 'control.reasonLinkSilent' };
  if (!principal) return { key: 'control.reasonLogin' };
  if (!roleAtLeast(principal.role, 'operator')) return { key: 'control.reasonRole', params: { role: principal.role } };
  if (!connection || !LIVE.includes(connection)) return { key: 'control.reasonLink' };
  // The engine refuses every command on a lost link (take control included) until it answers again.
  if (quality === 'lost') return { key: 'access.linkLost', params: { reason } };
  return undefined;
}

/** Why a motion control (jog, motion command) cannot run: the command's reason, then an unsafe link. */
export function motionBlocked(command: Blocked | undefined, quality: LinkQuality | undefined, reason = ''): Blocked | undefined {
  if (command) return command;
  if (quality === 'unsafe') return { key: 'access.linkUnsafe', params: { reason } };
  return undefined;
}

/** The note beside enabled controls on a degraded link (motion allowed, within the jog limit the link allows now), or undefined. */
export function linkNote(quality: LinkQuality | undefined, reason = ''): Blocked | undefined {
  return quality === 'degraded' ? { key: 'access.noteDegraded', params: { reason } } : undefined;
}

/** Why one command cannot run: the panel's reason, then ownership, then the site's minimum role for it. */
export function commandBlocked(panel: Blocked | undefined, mine: boolean, role: RoleName | undefined, minRole: string | undefined): Blocked | undefined {
  if (panel) return panel;
  if (!mine) return { key: 'control.reasonNotHolder' };
  if (minRole && isRole(minRole) && !roleAtLeast(role, minRole)) return { key: 'control.reasonNeedsRole', params: { role: minRole } };
  return undefined;
}

function isRole(name: string): name is RoleName {
  return ['viewer', 'operator', 'maintenance', 'admin'].includes(name);
}
