/** Handlers of the link-health requests: statistics for the UI, and the link lab's profile (admin, lab runs only). */
import { ContractError } from '../../../shared/contract/errors';
import type { PartialHandlerTable } from '../../../shared/contract/handlers';
import type { linkRequests } from '../../../shared/contract/requests/link';
import type { HandlerContext } from './context';

/** link.stats, link.clock and link.profile. */
export const linkHandlers: PartialHandlerTable<HandlerContext, keyof typeof linkRequests> = {
  'link.stats': ({ connectionId, historySeconds, brief }, { services }) => {
    if (connectionId !== undefined && !services.site.connections.some((c) => c.id === connectionId)) {
      throw new ContractError('not-found', `unknown connection "${connectionId}"`);
    }
    const lab = services.link.lab;
    const profile = lab?.profile();
    const links = services.link.stats(connectionId, historySeconds, brief);
    return lab ? { links, lab: { ...(profile ? { profile } : {}), profiles: [...lab.profiles()] } } : { links };
  },
  'link.clock': () => ({ engineTime: Date.now() }),
  'link.profile': async ({ profile }, { services, session }) => {
    const lab = services.link.lab;
    if (!lab) throw new ContractError('not-found', 'No link lab runs here: the profile can only be switched with `start` or `sim --link`');
    return services.commands.linkProfile(session, lab, profile);
  },
};
