/** Alarm texts in the UI's language: site labels for messages and equipment, catalog texts for link alarms, times. */
import type { EquipmentSummary } from '../../shared/contract/requests/core';
import type { AlarmInfo } from '../../shared/contract/requests/alarms';
import { siteLabel } from '../equipment/labels';
import type { translate } from '../i18n/i18n';
import type { Locale } from '../i18n/messages';

type Translate = typeof translate;

/** The equipment's name in `locale` (its id when the site does not know it). */
export function equipmentName(equipmentId: string, equipment: readonly EquipmentSummary[], locale: Locale): string {
  const eq = equipment.find((e) => e.id === equipmentId);
  return eq ? siteLabel(eq.label, eq.name, locale) : equipmentId;
}

/** The alarm's message in `locale`: the site's label, the catalog's text for link alarms, else the site's message. */
export function alarmMessage(alarm: Pick<AlarmInfo, 'alarmId' | 'equipmentId' | 'message' | 'label'>, equipment: readonly EquipmentSummary[], locale: Locale, t: Translate): string {
  if (alarm.label) return siteLabel(alarm.label, alarm.message, locale);
  if (alarm.alarmId === 'link-lost' || alarm.alarmId === 'link-degraded') {
    return t(`alarms.msg.${alarm.alarmId}`, { name: equipmentName(alarm.equipmentId, equipment, locale) }, locale);
  }
  return alarm.message;
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** A time of day (with the date when it is not today), one cached formatter per locale and shape. */
export function formatAlarmTime(ms: number, locale: Locale, now = Date.now()): string {
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return '—'; // a damaged record's time: shown as unknown, never a crash
  const sameDay = new Date(ms).toDateString() === new Date(now).toDateString();
  const key = `${locale}/${sameDay ? 't' : 'dt'}`;
  let format = timeFormats.get(key);
  if (!format) {
    const time = { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false } as const;
    format = new Intl.DateTimeFormat(locale, sameDay ? time : { ...time, year: 'numeric', month: '2-digit', day: '2-digit' });
    timeFormats.set(key, format);
  }
  return format.format(ms);
}
