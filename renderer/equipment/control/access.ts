/** Why a control is disabled for this user right now (login, role, link, ownership), as a catalog key with parameters. */
import { roleAtLeast, type RoleName } from '../../../shared/contract/access';
import type { ConnectionState } from '../../../shared/contract/events';
import type { Principal } from '../../../shared/contract/requests/control';
import type { MessageKey } from '../../i18n/messages';

/** A reason to show next to a disabled control. */
export interface Blocked {
  key: MessageKey;
  params?: Record<string, string>;
}

const LIVE: readonly ConnectionState[] = ['connected', 'degraded'];

/** Why nothing on this equipment can be operated (take control included), or undefined. */
export function panelBlocked(principal: Principal | null, connection: ConnectionState | undefined): Blocked | undefined {
  if (!principal) return { key: 'control.reasonLogin' };
  if (!roleAtLeast(principal.role, 'operator')) return { key: 'control.reasonRole', params: { role: principal.role } };
  if (!connection || !LIVE.includes(connection)) return { key: 'control.reasonLink' };
  return undefined;
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
