/**
 * The command service's hands: the only module that calls a driver's raw write capability (`UNSAFE_*`). Lint
 * forbids those names everywhere else, so no write can go around the gate and the audit. Every call returns a
 * DeviceResult; nothing here throws.
 */
import { Quality } from '../../../shared/contract/telemetry';
import type { Driver, MotionGroup, TagBinding, WriteLane } from '../drivers/driver';
import { asDriverError, isTransient } from '../drivers/driver-error';
import { hasOpcUaAccess, severityOf, type CallResult } from '../drivers/opcua';
import { isModbusRawAccess, type RawWriteOptions } from '../drivers/modbus';
import type { ResolvedEquipment } from './equipment-index';

/** Where the command service finds a connection's live driver. */
export interface DriverSource {
  /** The driver while its connection is answered (connected or degraded), else undefined. */
  activeDriver(connectionId: string): Driver | undefined;
}

/**
 * What the device did with a write, read or call. `transient`: not sent, but the link stays and a retry may go through
 * (the stop and a jog's zero are tried again; other writes report it as it is). `mayHaveActed`: it went out and no
 * clear answer came back (none in time, a garbled one, the link closing under it): the device may have applied it.
 */
export type DeviceResult =
  | { ok: true; value?: number | string | boolean | null; doubtful?: true }
  | { ok: false; kind: 'not-connected' | 'device-rejected' | 'timeout' | 'invalid' | 'cancelled'; code: string; text: string; transient?: true; mayHaveActed?: true };

/** Maps a driver error onto the outcome kinds. */
export function fromDriverError(error: unknown): DeviceResult & { ok: false } {
  const e = asDriverError(error);
  const text = e.message;
  switch (e.kind) {
    case 'timeout':
      return { ok: false, kind: 'timeout', code: e.code, text, mayHaveActed: true };
    case 'link-lost': // closed under it: it may have acted, unless it never went out (a line never quiet: transient)
      return { ok: false, kind: 'not-connected', code: e.code, text, ...(isTransient(e) ? { transient: true as const } : { mayHaveActed: true as const }) };
    case 'not-connected':
    case 'connect-failed':
      return { ok: false, kind: 'not-connected', code: e.code, text, ...(isTransient(e) ? { transient: true as const } : {}) };
    case 'invalid-request':
      return { ok: false, kind: 'invalid', code: e.code, text };
    case 'cancelled':
      return { ok: false, kind: 'cancelled', code: e.code, text };
    case 'device-exception': // answered: not applied
    case 'busy': // the rest never went out
    case 'untrusted-certificate':
    case 'auth-failed':
      return { ok: false, kind: 'device-rejected', code: e.code, text };
    default: // a garbled answer, or one we cannot read
      return { ok: false, kind: 'device-rejected', code: e.code, text, mayHaveActed: true };
  }
}

/**
 * An OPC UA write's or call's status as a result: Good and its subcodes (GoodClamped: done, at the nearest value it
 * takes) are done; Uncertain ones may have acted; Bad ones were refused.
 */
function byStatus(status: string, text: string): DeviceResult {
  const severity = severityOf(status);
  if (severity === 'good') return { ok: true };
  return { ok: false, kind: 'device-rejected', code: status, text, ...(severity === 'uncertain' ? { mayHaveActed: true as const } : {}) };
}

const notConnected = (eq: { connectionId: string }): DeviceResult & { ok: false } => ({
  ok: false,
  kind: 'not-connected',
  code: 'not-connected',
  text: `The link ${eq.connectionId} is not answering`,
});

/** Raw driver access for the command service. */
export class DeviceAccess {
  constructor(private readonly drivers: DriverSource) {}

  /**
   * Writes one bound tag (engineering units) on `lane`; a `motion` write is withdrawn by a stop while it waits, and
   * by `wanted` answering false right before it goes out.
   */
  async writeTag(eq: ResolvedEquipment, binding: TagBinding, value: number | string | boolean, lane: WriteLane, motion = false, wanted?: () => boolean): Promise<DeviceResult> {
    const driver = this.drivers.activeDriver(eq.connectionId);
    if (!driver) return notConnected(eq);
    try {
      const result = await driver.UNSAFE_write(binding, value, lane, motion ? eq.equipment.id : undefined, wanted);
      return result.ok ? { ok: true } : fromDriverError(result.error);
    } catch (error) {
      return fromDriverError(error);
    }
  }

  /**
   * Reads one bound tag now (for read-back verification and fresh checks). A value the device itself doubts (OPC UA
   * Uncertain) confirms nothing, so it fails the read, unless `doubtful` is asked for: then it is the value, marked
   * (another console's id in an owner register is a reason to refuse even when doubtful).
   */
  async readTag(eq: ResolvedEquipment, binding: TagBinding, doubtful: 'fail' | 'mark' = 'fail'): Promise<DeviceResult> {
    const driver = this.drivers.activeDriver(eq.connectionId);
    if (!driver) return notConnected(eq);
    try {
      const sample = await driver.read(binding);
      const value = typeof sample.value === 'bigint' ? sample.value.toString() : sample.value;
      if (sample.quality === Quality.good) return { ok: true, value };
      if (doubtful === 'mark') return { ok: true, value, doubtful: true };
      return { ok: false, kind: 'device-rejected', code: 'read-not-good', text: `The device answered ${binding.name} with a value of doubtful quality (${String(sample.value)})` };
    } catch (error) {
      return fromDriverError(error);
    }
  }

  /**
   * Calls an OPC UA method for the site's `command` (its declared input must fit the server's); `stillWanted` is asked
   * right before the call goes out (false: withdrawn, nothing sent).
   */
  async callMethod(eq: ResolvedEquipment, command: string, objectId: string, methodId: string, inputs: unknown[], stillWanted?: () => boolean): Promise<DeviceResult> {
    const driver = this.drivers.activeDriver(eq.connectionId);
    if (!driver) return notConnected(eq);
    if (!hasOpcUaAccess(driver)) return { ok: false, kind: 'invalid', code: 'not-opcua', text: 'Methods need an OPC UA connection' };
    try {
      const result = await driver.UNSAFE_call(objectId, methodId, inputs, stillWanted, { equipmentId: eq.equipment.id, command });
      // The driver's own words first: a status it gave itself (a value it would not encode, sent nothing) is no answer.
      return byStatus(result.status, result.message || `The device answered ${result.status}`);
    } catch (error) {
      return fromDriverError(error);
    }
  }

  /** A raw Modbus write (maintenance); `wanted` is asked right before it goes out (false: withdrawn unsent). */
  async writeModbusRaw(connectionId: string, options: RawWriteOptions, lane: WriteLane, wanted?: () => boolean): Promise<DeviceResult> {
    const driver = this.drivers.activeDriver(connectionId);
    if (!driver) return notConnected({ connectionId });
    if (!isModbusRawAccess(driver)) return { ok: false, kind: 'invalid', code: 'not-modbus', text: `${connectionId} is not a Modbus connection` };
    try {
      await driver.UNSAFE_writeRaw(options, lane, wanted);
      return { ok: true };
    } catch (error) {
      return fromDriverError(error);
    }
  }

  /**
   * Consecutive holding registers in one request (the jog block), on `lane`; `motion` names the equipment it moves,
   * `wanted` is asked right before it goes out (false: withdrawn unsent).
   */
  async writeModbusRegisters(connectionId: string, unitId: number | undefined, address: string, registers: number[], lane: WriteLane, motion?: MotionGroup, wanted?: () => boolean): Promise<DeviceResult> {
    const driver = this.drivers.activeDriver(connectionId);
    if (!driver) return notConnected({ connectionId });
    if (!isModbusRawAccess(driver)) return { ok: false, kind: 'invalid', code: 'not-modbus', text: `${connectionId} is not a Modbus connection` };
    try {
      await driver.UNSAFE_writeRegisters(unitId, address, registers, lane, motion, wanted);
      return { ok: true };
    } catch (error) {
      return fromDriverError(error);
    }
  }

  /** Withdraws the motion writes still waiting for `equipmentId` on its link (a stop goes ahead of them); how many. */
  cancelMotion(eq: ResolvedEquipment, reason: string, byStop = true): number {
    return this.drivers.activeDriver(eq.connectionId)?.cancelMotion?.(eq.equipment.id, reason, byStop) ?? 0;
  }

  /** A raw OPC UA Value write (maintenance); the server's status comes back by name. */
  async writeOpcUaRaw(connectionId: string, nodeId: string, value: unknown, type: string | undefined, allowNonFinite: boolean): Promise<DeviceResult & { status?: string; message?: string }> {
    const driver = this.drivers.activeDriver(connectionId);
    if (!driver) return notConnected({ connectionId });
    if (!hasOpcUaAccess(driver)) return { ok: false, kind: 'invalid', code: 'not-opcua', text: `${connectionId} is not an OPC UA connection` };
    try {
      const result = await driver.UNSAFE_writeRaw(nodeId, value, type, allowNonFinite ? { allowNonFinite } : {});
      return { ...byStatus(result.status, result.message || `The server answered ${result.status}`), status: result.status, ...(result.message ? { message: result.message } : {}) };
    } catch (error) {
      return fromDriverError(error);
    }
  }

  /** A raw OPC UA method call (maintenance); the full result comes back. */
  async callOpcUaRaw(connectionId: string, objectId: string, methodId: string, inputs: unknown[]): Promise<DeviceResult & { result?: CallResult }> {
    const driver = this.drivers.activeDriver(connectionId);
    if (!driver) return notConnected({ connectionId });
    if (!hasOpcUaAccess(driver)) return { ok: false, kind: 'invalid', code: 'not-opcua', text: `${connectionId} is not an OPC UA connection` };
    try {
      const result = await driver.UNSAFE_call(objectId, methodId, inputs);
      return { ...byStatus(result.status, result.message || `The server answered ${result.status}`), result };
    } catch (error) {
      return fromDriverError(error);
    }
  }
}

