/** Handlers of the core requests: hello, site summary, signals, connections, telemetry. */
import { ContractError } from '../../../shared/contract/errors';
import type { PartialHandlerTable } from '../../../shared/contract/handlers';
import type { coreRequests } from '../../../shared/contract/requests/core';
import { CONTRACT_VERSION } from '../../../shared/contract/envelope';
import { resolveKeyTags } from '../../../shared/site/key-tags';
import type { Connection } from '../../../shared/site/schema';
import { staleAfterMs } from '../../../shared/site/stale-after';
import { ENGINE_VERSION } from '../version';
import type { HandlerContext } from './context';

/** Human-readable endpoint of a connection. */
export function endpointLabel(connection: Connection): string {
  switch (connection.protocol) {
    case 'opcua':
      return connection.endpoint;
    case 'modbus-rtu':
      return `${connection.path} @${connection.baudRate}`;
    default:
      return `${connection.host}:${connection.port}`;
  }
}

export const coreHandlers: PartialHandlerTable<HandlerContext, keyof typeof coreRequests> = {
  'engine.hello': (body, { services, session }) => ({
    // The key first: the same console coming back keeps its name (console-names.ts).
    // One key per session: a second hello neither makes another (which would fill the engine's list) nor moves it.
    consoleKey: session.consoleKey ?? session.useConsoleKey(services.auth.consoleKeys.keyFor(body.consoleKey)),
    consoleName: body.consoleName ? session.setConsoleName(services.consoleName(session, body.consoleName)) : session.label,
    engineVersion: ENGINE_VERSION,
    contractVersion: CONTRACT_VERSION,
    site: { name: services.site.site.name, ...(services.site.site.label ? { label: services.site.site.label } : {}), locale: services.site.site.locale, file: services.siteFileName },
    startedAt: services.startedAt,
  }),
  'site.summary': (_body, { services }) => {
    const site = services.site;
    const connections = new Map(site.connections.map((c) => [c.id, c]));
    return {
      connections: site.connections.map((c) => ({ id: c.id, protocol: c.protocol, endpoint: endpointLabel(c) })),
      equipment: site.equipment.map((e) => {
        const connection = connections.get(e.connection);
        return {
          id: e.id,
          name: e.name,
          ...(e.label ? { label: e.label } : {}),
          type: e.type,
          connectionId: e.connection,
          protocol: connection?.protocol ?? 'unknown',
          tags: Object.entries(e.tags).map(([name, t]) => ({
            name,
            address: t.address,
            type: t.type,
            writable: t.writable,
            ...(t.unit ? { unit: t.unit } : {}),
            ...(t.range ? { range: t.range } : {}),
            ...(t.description ? { description: t.description } : {}),
            ...(t.label ? { label: t.label } : {}),
            ...(t.states ? { states: t.states } : {}),
            ...(t.scale !== 1 ? { scale: t.scale } : {}),
            ...(connection ? { staleAfterMs: staleAfterMs(t, connection, site.scanClasses) } : {}),
            ...(t.history !== true ? { history: t.history } : {}),
          })),
          keyTags: resolveKeyTags(e.type, e.tags, e.keyTags),
          commands: Object.entries(e.commands).map(([name, c]) => ({
            name,
            kind: c.kind,
            motion: c.motion,
            confirm: c.confirm,
            minRole: c.minRole,
            ...(c.tag ? { tag: c.tag } : {}),
            ...(c.argument ? { argument: c.argument } : {}),
            ...(c.label ? { label: c.label } : {}),
          })),
          interlocks: e.interlocks.map((i) => ({ id: i.id, reason: typeof i.reason === 'string' ? { en: i.reason } : i.reason })),
        };
      }),
    };
  },
  'signals.catalog': (_body, { services }) => ({ signals: [...services.signals] }),
  'connections.list': (_body, { services }) => ({ connections: services.connections.list() }),
  'connections.retry': ({ connectionId }, { services }) => {
    const outcome = services.connections.retry(connectionId);
    if (!outcome) throw new ContractError('not-found', `unknown connection "${connectionId}"`);
    return outcome === 'retried' ? { retried: true } : { retried: false, notRetried: outcome };
  },
  'telemetry.subscribe': (_body, { services, session }) => {
    services.startTelemetry(session);
    return { maxHz: services.maxHz };
  },
};
