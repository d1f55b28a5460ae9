/** Alarm requests (ISA-18.2): list, acknowledge, shelve, unshelve, and the alarm history. */
import { z } from 'zod';
import { CommandOutcome } from '../outcome';
import type { RequestTable } from './table';

export const ALARM_STATES = ['normal', 'unack-active', 'ack-active', 'unack-returned', 'shelved', 'suppressed', 'out-of-service'] as const;
export const AlarmStateName = z.enum(ALARM_STATES);
export const AlarmPriority = z.enum(['low', 'medium', 'high', 'urgent']);

/** A site label in the UI's languages (the shape of core's LabelSummary; not imported: core → events → alarms is a cycle). */
const AlarmLabel = z.object({ en: z.string(), 'zh-CN': z.string().optional() });

/** One alarm as it stands now. `key` is `equipmentId/alarmId` (link alarms: `equipmentId/link-lost`). */
export const AlarmInfo = z.object({
  key: z.string(),
  equipmentId: z.string(),
  alarmId: z.string(),
  priority: AlarmPriority,
  message: z.string(),
  /** The message in the UI's languages, when the site file gives it. */
  label: AlarmLabel.optional(),
  state: AlarmStateName,
  active: z.boolean(),
  acked: z.boolean(),
  /** When the state last changed (an acknowledgement changes it too). */
  since: z.number(),
  /** When the condition last became active: the time an operator reads as "when it came in"; absent if never active. */
  raisedAt: z.number().optional(),
  shelved: z.object({ until: z.number(), reason: z.string(), by: z.string() }).optional(),
});
export type AlarmInfo = z.infer<typeof AlarmInfo>;

/** One transition: every one is an event, and a row of the alarm history. */
export const AlarmTransition = AlarmInfo.omit({ since: true }).extend({
  at: z.number(),
  previous: AlarmStateName,
  /** Who caused it; absent when the process did (condition, expiry). */
  user: z.string().optional(),
  comment: z.string().optional(),
});
export type AlarmTransition = z.infer<typeof AlarmTransition>;

/** Flood figures (ISA-18.2: more than 10 new alarms in 10 minutes per operator is a flood). */
export const AlarmFlood = z.object({ active: z.number().int(), unacked: z.number().int(), raisedLast10Min: z.number().int(), flooding: z.boolean() });

const Key = z.string().min(1).max(160);
const Comment = z.string().max(500).optional();

/** The alarm request table. */
export const alarmRequests = {
  'alarms.list': { access: 'read', request: z.strictObject({}), reply: z.object({ alarms: z.array(AlarmInfo), flood: AlarmFlood }) },
  'alarms.ack': { access: 'operate', request: z.strictObject({ key: Key, comment: Comment }), reply: z.object({ outcome: CommandOutcome }) },
  /** Shelves for `durationMs` (at most 24 h) with a reason; the alarm comes back by itself when the time is up. */
  'alarms.shelve': {
    access: 'operate',
    request: z.strictObject({ key: Key, durationMs: z.number().int().min(1000).max(86_400_000), reason: z.string().min(1).max(500) }),
    reply: z.object({ outcome: CommandOutcome }),
  },
  'alarms.unshelve': { access: 'operate', request: z.strictObject({ key: Key, comment: Comment }), reply: z.object({ outcome: CommandOutcome }) },
  /** Equipment out of service (maintenance): its alarms are suppressed by design until it is back. */
  'alarms.suppress': {
    access: 'maintain',
    request: z.strictObject({ equipmentId: z.string().min(1).max(64), suppressed: z.boolean(), reason: z.string().min(1).max(500) }),
    reply: z.object({ outcome: CommandOutcome }),
  },
  /** Past transitions, newest first. */
  'alarms.history': {
    access: 'read',
    request: z.strictObject({
      from: z.number(),
      to: z.number(),
      equipmentId: z.string().max(64).optional(),
      priority: AlarmPriority.optional(),
      state: AlarmStateName.optional(),
      limit: z.number().int().min(1).max(10_000).default(1000),
    }),
    reply: z.object({ transitions: z.array(AlarmTransition) }),
  },
} satisfies RequestTable;
