/** Modbus maintenance requests: raw register access through the connection's own link queue. */
import { z } from 'zod';
import { DataType, WordOrder } from '../../site/data-types';
import type { RequestTable } from './table';

const Target = {
  connectionId: z.string().min(1).max(64),
  /** Unit id on a shared link; defaults to the connection's. */
  unitId: z.number().int().min(0).max(255).optional(),
  /** `holding:12`, `input:3`, `coil:0`, `discrete:7`, `holding:4.3` (bit 3), 0-based. */
  address: z.string().min(1).max(32),
  type: DataType.optional(),
  order: WordOrder.optional(),
};

/**
 * A raw value as JSON carries it exactly: int64/uint64 travel as decimal text (never a double; a number is accepted only
 * when it is a safe integer), NaN/±Infinity as text.
 */
export const ModbusValue = z.union([z.number(), z.string(), z.boolean()]);

/** Raw maintenance access to Modbus connections. */
export const modbusRequests = {
  /** Reads `count` consecutive values of `type` (for `string`, `count` is the length in characters). Unscaled. */
  'modbus.read': {
    access: 'read',
    request: z.strictObject({ ...Target, count: z.number().int().min(1).max(10000).optional() }),
    reply: z.object({ values: z.array(z.object({ address: z.string(), value: ModbusValue })) }),
  },
  /**
   * Writes one raw value (text is parsed per `type`, so int64 values stay exact). `broadcast: true` in the reply: the
   * write went to unit 0 (allowed by the site file), was sent, and no reply is expected — nothing confirms it arrived.
   * `unaudited: true`: the device took it, but the audit log could not record it (see CommandOutcome).
   */
  'modbus.write': {
    access: 'maintain',
    request: z.strictObject({ ...Target, value: ModbusValue, length: z.number().int().min(1).max(246).optional() }),
    reply: z.strictObject({ broadcast: z.literal(true).optional(), unaudited: z.literal(true).optional() }),
  },
} satisfies RequestTable;
