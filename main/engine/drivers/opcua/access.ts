/** The OPC UA maintenance capability (browse, raw read/write, method call) and its type guard. */
import type { Driver } from '../driver';
import type { AttributeValue, BrowsedReference } from './browse';

/** A raw write's outcome: the server's status code by name (`Good`, `BadNotWritable`, `BadTypeMismatch`, …). */
export interface RawWriteResult {
  status: string;
  message?: string;
}

/** A method call's outcome. */
export interface CallResult {
  status: string;
  /** Why an input was refused before calling. */
  message?: string;
  outputs: (number | string | boolean | null)[];
}

/** A command of the site file: which equipment, which command. */
export interface SiteCommandRef {
  equipmentId: string;
  command: string;
}

/** What an OPC UA driver offers beyond the Driver interface. */
export interface OpcUaAccess {
  readonly opcuaAccess: true;
  browse(nodeId: string, limit?: number): Promise<{ references: BrowsedReference[]; truncated: boolean }>;
  readAttributes(nodeId: string, attribute?: string): Promise<AttributeValue[]>;
  /** Writes a Value attribute; `type` names the OPC UA type (read from the node when absent). */
  /** Writes the Value attribute; `options.allowNonFinite` lets NaN/±Infinity through for Float/Double. */
  UNSAFE_writeRaw(nodeId: string, value: unknown, type?: string, options?: { allowNonFinite?: boolean }): Promise<RawWriteResult>;
  /**
   * Calls a method. Named to look dangerous: only the command service (main/engine/safety) may call it. `stillWanted`
   * is asked right before the call goes out (after the method's argument types are read): false ends it unsent, as
   * a `cancelled` DriverError. `command`: the site command this call carries out, whose declared input must fit the
   * server's (method-check.ts); a maintenance call names none.
   */
  UNSAFE_call(objectId: string, methodId: string, inputs: unknown[], stillWanted?: () => boolean, command?: SiteCommandRef): Promise<CallResult>;
}

/** True when `driver` offers OpcUaAccess. */
export function hasOpcUaAccess(driver: Driver | undefined): driver is Driver & OpcUaAccess {
  return !!driver && (driver as Partial<OpcUaAccess>).opcuaAccess === true;
}
