/**
 * Control requests: login, control ownership, commands, setpoints, hold-to-run jogs and the supplementary stop.
 * Every one that touches equipment answers with the one CommandOutcome.
 */
import { z } from 'zod';
import { RoleName } from '../access';
import { CommandOutcome } from '../outcome';
import { PRINTABLE } from '../../site/printable';
import type { RequestTable } from './table';

const Empty = z.strictObject({});
const EquipmentId = z.string().min(1).max(64);
const Name = z.string().min(1).max(64);
/** A command or setpoint value: 64-bit integers and exact decimals travel as text. */
const Value = z.union([z.number(), z.string().max(4096), z.boolean()]);

/** Who is logged in on this client. */
export const Principal = z.object({
  user: z.string(),
  role: RoleName,
  /** This client's label (which console/window). */
  console: z.string(),
  since: z.number(),
  /** The session locks after this long without a request (ms). */
  lockAfterMs: z.number(),
});
export type Principal = z.infer<typeof Principal>;

/** Who controls one equipment. */
export const ControlState = z.object({
  equipmentId: z.string(),
  /** The holder as this engine knows it (null: nobody here). */
  holder: z.object({ user: z.string(), console: z.string(), mine: z.boolean() }).nullable(),
  /** The console id the device's owner register holds (0 = free; null = not known, e.g. link down). */
  deviceOwner: z.number().int().nullable(),
  /** This engine's console id, as written to the owner register. */
  consoleId: z.number().int(),
  /** Why control was lost, when it was (link lost, taken over, session closed …). */
  lost: z.object({ code: z.string(), text: z.string() }).optional(),
});
export type ControlState = z.infer<typeof ControlState>;

/** The control request table. */
export const controlRequests = {
  'session.login': {
    access: 'read',
    request: z.strictObject({ user: z.string().min(1).max(64).regex(PRINTABLE, 'printable characters only'), secret: z.string().min(1).max(256) }),
    reply: z.object({ principal: Principal }),
  },
  'session.logout': { access: 'read', request: Empty, reply: Empty },
  'session.whoami': { access: 'read', request: Empty, reply: z.object({ principal: Principal.nullable() }) },
  /**
   * Someone is at this console (a key, a click, a touch): restarts its inactivity lock, as every operate, control or
   * admin request does. Reads do not: a window polls them on its own, and an unattended login would never lock.
   */
  'session.activity': { access: 'read', request: Empty, reply: Empty },
  'control.list': { access: 'read', request: Empty, reply: z.object({ equipment: z.array(ControlState) }) },
  /** Takes control; `takeOver: true` is the operator's confirmation to take it from its current holder. */
  'control.take': {
    access: 'operate',
    request: z.strictObject({ equipmentId: EquipmentId, takeOver: z.boolean().default(false) }),
    reply: z.object({ outcome: CommandOutcome, control: ControlState }),
  },
  'control.release': { access: 'operate', request: z.strictObject({ equipmentId: EquipmentId }), reply: z.object({ outcome: CommandOutcome, control: ControlState }) },
  /** First half of arm-then-execute for commands the site marks `confirm`; the arm expires (`expiresInMs`: from the reply). */
  'command.arm': {
    access: 'operate',
    request: z.strictObject({ equipmentId: EquipmentId, command: Name, value: Value.optional() }),
    reply: z.object({ outcome: CommandOutcome, armId: z.string().optional(), expiresAt: z.number().optional(), expiresInMs: z.number().optional() }),
  },
  /** Runs a pulse, setpoint or method command (with the arm id when the command needs one). */
  'command.execute': {
    access: 'operate',
    request: z.strictObject({ equipmentId: EquipmentId, command: Name, value: Value.optional(), armId: z.string().max(64).optional() }),
    reply: z.object({ outcome: CommandOutcome }),
  },
  /** Maintenance write of one writable tag in engineering units (range-checked, verified by read-back). */
  'tag.write': {
    access: 'maintain',
    request: z.strictObject({ equipmentId: EquipmentId, tag: Name, value: Value }),
    reply: z.object({ outcome: CommandOutcome }),
  },
  /**
   * Hold-to-run: one message per ≤ 100 ms while the operator holds; the jog lives only while they keep coming.
   * `speed` in the jog tag's engineering units; it is clamped to the current limit (`limit` in the reply).
   */
  'jog.hold': {
    access: 'motion',
    request: z.strictObject({ equipmentId: EquipmentId, command: Name, speed: z.number(), seq: z.number().int().min(0).max(2 ** 31) }),
    reply: z.object({ outcome: CommandOutcome, limit: z.number(), applied: z.number() }),
  },
  'jog.release': { access: 'motion', request: z.strictObject({ equipmentId: EquipmentId, command: Name }), reply: z.object({ outcome: CommandOutcome }) },
  /** Supplementary stop (not an emergency stop): ahead of every queue, repeated until the device confirms. */
  stop: { access: 'stop', request: z.strictObject({ equipmentId: EquipmentId }), reply: z.object({ outcome: CommandOutcome, attempts: z.number().int() }) },
} satisfies RequestTable;
