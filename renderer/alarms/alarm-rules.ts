/** Pure alarm rules of the console: ordering, what the banner shows, when to sound, who may act. */
import { roleAllows, type RoleName } from '../../shared/contract/access';
import type { AlarmInfo, AlarmTransition } from '../../shared/contract/requests/alarms';

export type AlarmPriorityName = AlarmInfo['priority'];

/** Higher is more important. */
export const PRIORITY_RANK: Record<AlarmPriorityName, number> = { low: 0, medium: 1, high: 2, urgent: 3 };

/** Priorities that sound when they are newly raised. */
export const SOUNDING_PRIORITIES: ReadonlySet<AlarmPriorityName> = new Set(['high', 'urgent']);

/** Waiting for the operator: unacknowledged, whether still active or already returned. */
export function isUnacked(alarm: Pick<AlarmInfo, 'state'>): boolean {
  return alarm.state === 'unack-active' || alarm.state === 'unack-returned';
}

/** Priority first, then active before returned, then newest first. */
export function compareAlarms(a: AlarmInfo, b: AlarmInfo): number {
  return PRIORITY_RANK[b.priority] - PRIORITY_RANK[a.priority] || Number(b.active) - Number(a.active) || b.since - a.since;
}

/** What the banner shows: the newest highest-priority unacknowledged alarm, how many others wait, how many are active. */
export interface BannerChoice {
  top?: AlarmInfo;
  othersUnacked: number;
  active: number;
}

/** The banner's choice among `alarms` (shelved, suppressed and out-of-service alarms are not annunciated). */
export function bannerChoice(alarms: Iterable<AlarmInfo>): BannerChoice {
  let top: AlarmInfo | undefined;
  let unacked = 0;
  let active = 0;
  for (const alarm of alarms) {
    if (alarm.state === 'unack-active' || alarm.state === 'ack-active') active++;
    if (!isUnacked(alarm)) continue;
    unacked++;
    if (!top || compareAlarms(alarm, top) < 0) top = alarm;
  }
  return top ? { top, othersUnacked: unacked - 1, active } : { othersUnacked: 0, active };
}

/** The list's rows: every alarm not normal, most important first. */
export function listRows(alarms: Iterable<AlarmInfo>): AlarmInfo[] {
  return [...alarms].filter((a) => a.state !== 'normal').sort(compareAlarms);
}

/** What decides a beep. */
export interface SoundContext {
  muted: boolean;
  /** The browser lets this page play audio (after the first user gesture). */
  audioAllowed: boolean;
  /** When the last beep started (ms), so a flood of alarms makes one beep, not a hundred. */
  lastSoundAt: number;
  now: number;
  minGapMs: number;
}

/**
 * True when `transition` should sound: a high or urgent alarm newly needing the operator (it became active and
 * unacknowledged, from normal, returned or shelved), not muted, audio allowed, and not within `minGapMs` of the last.
 */
export function shouldSound(transition: Pick<AlarmTransition, 'state' | 'previous' | 'priority'>, ctx: SoundContext): boolean {
  if (ctx.muted || !ctx.audioAllowed) return false;
  if (transition.state !== 'unack-active' || transition.previous === 'unack-active') return false;
  if (!SOUNDING_PRIORITIES.has(transition.priority)) return false;
  return ctx.now - ctx.lastSoundAt >= ctx.minGapMs;
}

/** Why this window may not acknowledge or shelve: a catalog key, or undefined when it may. */
export function alarmActionBlock(role: RoleName | undefined, engineConnected: boolean): 'alarms.why.engine' | 'alarms.why.login' | 'alarms.why.role' | undefined {
  if (!engineConnected) return 'alarms.why.engine';
  if (role === undefined) return 'alarms.why.login';
  return roleAllows(role, 'operate') ? undefined : 'alarms.why.role';
}

/** Shelve durations offered (ms): the contract allows up to 24 h. */
export const SHELVE_DURATIONS_MS = [15 * 60_000, 60 * 60_000, 4 * 3_600_000, 8 * 3_600_000, 12 * 3_600_000] as const;

/** Active (annunciated) alarms of one equipment by priority, for overview tiles: `{ urgent: 1, high: 0, … }`. */
export function activeByPriority(alarms: Iterable<AlarmInfo>, equipmentId: string): Record<AlarmPriorityName, number> {
  const counts: Record<AlarmPriorityName, number> = { urgent: 0, high: 0, medium: 0, low: 0 };
  for (const alarm of alarms) {
    if (alarm.equipmentId === equipmentId && (alarm.state === 'unack-active' || alarm.state === 'ack-active')) counts[alarm.priority]++;
  }
  return counts;
}
