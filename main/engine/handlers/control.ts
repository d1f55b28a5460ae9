/** Handlers of the control requests: login, ownership, commands, setpoints, jogs and stop — all through the command service. */
import type { PartialHandlerTable } from '../../../shared/contract/handlers';
import type { controlRequests } from '../../../shared/contract/requests/control';
import type { HandlerContext } from './context';

/** Handlers of every control request. */
export const controlHandlers: PartialHandlerTable<HandlerContext, keyof typeof controlRequests> = {
  'session.login': ({ user, secret }, { services, session }) => services.auth.login(session, user, secret),
  'session.logout': async (_body, { services, session }) => {
    await services.auth.logout(session, 'logout');
    return {};
  },
  'session.whoami': (_body, { session }) => ({ principal: session.principal() ?? null }),
  'session.activity': () => ({}), // the dispatch notes the activity (client-session.ts)
  'control.list': (_body, { services, session }) => ({ equipment: services.commands.controlStates(session) }),
  'control.take': async ({ equipmentId, takeOver }, { services, session }) => withControl(await services.commands.take(session, equipmentId, takeOver), services.consoleId, equipmentId),
  'control.release': async ({ equipmentId }, { services, session }) => withControl(await services.commands.release(session, equipmentId), services.consoleId, equipmentId),
  'command.arm': ({ equipmentId, command, value }, { services, session }) => services.commands.arm(session, equipmentId, command, value),
  'command.execute': async ({ equipmentId, command, value, armId }, { services, session }) => ({
    outcome: await services.commands.execute(session, equipmentId, command, value, armId),
  }),
  'tag.write': async ({ equipmentId, tag, value }, { services, session }) => ({ outcome: await services.commands.writeTag(session, equipmentId, tag, value) }),
  'jog.hold': ({ equipmentId, command, speed, seq }, { services, session }) => services.commands.hold(session, equipmentId, command, speed, seq),
  'jog.release': async ({ equipmentId, command }, { services, session }) => ({ outcome: await services.commands.releaseJog(session, equipmentId, command) }),
  stop: ({ equipmentId }, { services, session }) => services.commands.stop(session, equipmentId),
};

/** Fills in the control state for an unknown equipment (the outcome already says it is unknown). */
function withControl(result: Awaited<ReturnType<HandlerContext['services']['commands']['take']>>, consoleId: number, equipmentId: string) {
  const control = result.control ?? { equipmentId, holder: null, deviceOwner: null, consoleId };
  return { outcome: result.outcome, control };
}
