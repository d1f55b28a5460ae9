/** Handlers of the Modbus maintenance requests: raw reads and writes through the connection's live driver. */
import { ContractError } from '../../../shared/contract/errors';
import type { PartialHandlerTable } from '../../../shared/contract/handlers';
import type { modbusRequests } from '../../../shared/contract/requests/modbus';
import type { Engine } from '../engine';
import { BROADCAST_UNIT } from '../drivers/modbus/broadcast';
import { CodecError } from '../drivers/modbus/codecs';
import { isModbusRawAccess, type ModbusRawAccess } from '../drivers/modbus/raw-access';
import { toJsonValue } from '../drivers/modbus/value-text';
import type { SessionContext } from '../session/client-session';
import { toContractError } from './driver-errors';

/** Codec errors are the caller's bad value; everything else maps like every driver error (library detail to the log). */
const modbusError = (error: unknown, engine: Engine) =>
  toContractError(error, (e) => (e instanceof CodecError ? new ContractError('bad-request', e.message) : undefined), engine.log);

function rawAccess(engine: Engine, connectionId: string): ModbusRawAccess {
  const supervisor = engine.supervisors.get(connectionId);
  if (!supervisor) throw new ContractError('not-found', `unknown connection "${connectionId}"`);
  if (!supervisor.status.protocol.startsWith('modbus')) throw new ContractError('bad-request', `connection "${connectionId}" is not a Modbus connection`);
  const driver = supervisor.activeDriver;
  if (!isModbusRawAccess(driver)) throw new ContractError('not-connected', `connection "${connectionId}" is ${supervisor.status.state}`);
  return driver;
}

/** The connection's own unit id (what a request without `unitId` goes to). */
function defaultUnit(engine: Engine, connectionId: string): number | undefined {
  const connection = engine.site.connections.find((c) => c.id === connectionId);
  return connection && 'unitId' in connection ? connection.unitId : undefined;
}

/** modbus.read and modbus.write, through the connection's live driver and link queue. */
export const modbusHandlers: PartialHandlerTable<SessionContext<Engine>, keyof typeof modbusRequests> = {
  'modbus.read': async ({ connectionId, ...options }, { engine }) => {
    const driver = rawAccess(engine, connectionId);
    try {
      const values = await driver.readRaw(options);
      return { values: values.map((v) => ({ address: v.address, value: toJsonValue(v.value) })) };
    } catch (error) {
      throw modbusError(error, engine);
    }
  },
  // gate: maintenance role + link quality checks go here (safety gate wave); for now every write is allowed.
  // Unit 0 is broadcast: the driver refuses it unless the site allows it, and then sends it without awaiting a reply.
  'modbus.write': async ({ connectionId, value, ...options }, { engine }) => {
    const driver = rawAccess(engine, connectionId);
    try {
      await driver.writeRaw({ ...options, value });
      return (options.unitId ?? defaultUnit(engine, connectionId)) === BROADCAST_UNIT ? { broadcast: true } : {};
    } catch (error) {
      throw modbusError(error, engine);
    }
  },
};
