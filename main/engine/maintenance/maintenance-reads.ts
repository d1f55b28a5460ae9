/**
 * Maintenance reads through a connection's live driver: raw Modbus registers (on the link's bounded maintenance
 * lane), OPC UA browse and attribute reads, and the PKI's certificate lists. Reading is free; nothing here writes.
 */
import { ContractError } from '../../../shared/contract/errors';
import type { ConnectionStatus } from '../../../shared/contract/events';
import type { Driver, Logger } from '../drivers/driver';
import { CodecError } from '../drivers/modbus/codecs';
import { isModbusRawAccess, type RawReadOptions } from '../drivers/modbus';
import { hasOpcUaAccess, listCertificates, PkiError } from '../drivers/opcua';
import { toJsonValue } from '../drivers/modbus/value-text';
import { toContractError } from './driver-errors';

/** Where maintenance reads find connections. */
export interface ConnectionSource {
  /** State and protocol (polling figures not needed). */
  status(connectionId: string): ConnectionStatus | undefined;
  activeDriver(connectionId: string): Driver | undefined;
}

/** Codec errors are the caller's bad request; PKI errors are "not found"; the rest map like every driver error (library text to the log). */
const mapErrorWith = (log: Logger) => (error: unknown) =>
  toContractError(error, (e) => (e instanceof CodecError ? new ContractError('bad-request', e.message) : e instanceof PkiError ? new ContractError('not-found', e.message) : undefined), log);

/** The read-only maintenance operations. */
export class MaintenanceReads {
  private readonly mapError: (error: unknown) => ContractError;

  constructor(
    private readonly connections: ConnectionSource,
    private readonly dataDir: string,
    log: Logger,
  ) {
    this.mapError = mapErrorWith(log);
  }

  /** `modbus.read`: raw values, unscaled, in the link's maintenance lane. */
  async modbusRead(connectionId: string, options: RawReadOptions) {
    const driver = this.driver(connectionId, (p) => p.startsWith('modbus'), 'a Modbus');
    if (!isModbusRawAccess(driver)) throw this.notConnected(connectionId);
    try {
      const values = await driver.readRaw(options);
      return values.map((v) => ({ address: v.address, value: toJsonValue(v.value) }));
    } catch (error) {
      throw this.mapError(error);
    }
  }

  async opcuaBrowse(connectionId: string, nodeId: string, limit?: number) {
    const driver = this.opcua(connectionId);
    return driver.browse(nodeId, limit).catch((e: unknown) => Promise.reject(this.mapError(e)));
  }

  async opcuaRead(connectionId: string, nodeId: string, attribute?: string) {
    const driver = this.opcua(connectionId);
    return driver.readAttributes(nodeId, attribute).catch((e: unknown) => Promise.reject(this.mapError(e)));
  }

  certificates() {
    return listCertificates(this.dataDir).catch((e: unknown) => Promise.reject(this.mapError(e)));
  }

  private opcua(connectionId: string) {
    const driver = this.driver(connectionId, (p) => p === 'opcua', 'an OPC UA');
    if (!hasOpcUaAccess(driver)) throw this.notConnected(connectionId);
    return driver;
  }

  private driver(connectionId: string, protocolOk: (protocol: string) => boolean, what: string): Driver | undefined {
    const status = this.connections.status(connectionId);
    if (!status) throw new ContractError('not-found', `unknown connection "${connectionId}"`);
    if (!protocolOk(status.protocol)) throw new ContractError('bad-request', `connection "${connectionId}" is not ${what} connection`);
    return this.connections.activeDriver(connectionId);
  }

  private notConnected(connectionId: string): ContractError {
    return new ContractError('not-connected', `connection "${connectionId}" is ${this.connections.status(connectionId)?.state ?? 'unknown'}`);
  }
}
