/** Handlers of the core requests. */
import { basename } from 'node:path';
import { ContractError } from '../../../shared/contract/errors';
import type { PartialHandlerTable } from '../../../shared/contract/handlers';
import type { coreRequests } from '../../../shared/contract/requests/core';
import { CONTRACT_VERSION } from '../../../shared/contract/envelope';
import type { Connection } from '../../../shared/site/schema';
import type { Engine } from '../engine';
import type { SessionContext } from '../session/client-session';
import { ENGINE_VERSION } from '../version';

type Ctx = SessionContext<Engine>;

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

export const coreHandlers: PartialHandlerTable<Ctx, keyof typeof coreRequests> = {
  'engine.hello': (_body, { engine }) => ({
    engineVersion: ENGINE_VERSION,
    contractVersion: CONTRACT_VERSION,
    // The base name only: a client has no business knowing where the engine's files are.
    site: { name: engine.site.site.name, locale: engine.site.site.locale, file: basename(engine.options.siteFile) },
    startedAt: engine.startedAt,
  }),
  'site.summary': (_body, { engine }) => {
    const connections = new Map(engine.site.connections.map((c) => [c.id, c]));
    return {
      connections: engine.site.connections.map((c) => ({ id: c.id, protocol: c.protocol, endpoint: endpointLabel(c) })),
      equipment: engine.site.equipment.map((e) => ({
        id: e.id,
        name: e.name,
        type: e.type,
        connectionId: e.connection,
        protocol: connections.get(e.connection)?.protocol ?? 'unknown',
        tags: Object.entries(e.tags).map(([name, t]) => ({
          name,
          address: t.address,
          type: t.type,
          writable: t.writable,
          ...(t.unit ? { unit: t.unit } : {}),
          ...(t.range ? { range: t.range } : {}),
          ...(t.description ? { description: t.description } : {}),
        })),
        commands: Object.entries(e.commands).map(([name, c]) => ({ name, kind: c.kind, motion: c.motion, confirm: c.confirm })),
      })),
    };
  },
  'signals.catalog': (_body, { engine }) => ({ signals: engine.signals }),
  'connections.list': (_body, { engine }) => ({ connections: engine.connectionStatuses() }),
  'connections.retry': ({ connectionId }, { engine }) => {
    const supervisor = engine.supervisors.get(connectionId);
    if (!supervisor) throw new ContractError('not-found', `unknown connection "${connectionId}"`);
    supervisor.retry();
    return {};
  },
  'telemetry.subscribe': (_body, { engine, session }) => {
    session.telemetry.start(engine.store.entries());
    return { maxHz: engine.maxHz };
  },
};
