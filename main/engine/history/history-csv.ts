/** CSV of raw history rows: time (ISO), signal id, equipment, tag, value, quality. */
import type { SignalInfo } from '../../../shared/contract/requests/core';
import type { HistorySample } from './history-store';

const QUALITY = ['good', 'bad', 'stale', 'uncertain'];

/** Quotes a field when it needs it (RFC 4180), and defuses spreadsheet formulas in text. */
function field(value: string): string {
  const safe = /^[=+\-@]/.test(value) && Number.isNaN(Number(value)) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The rows as CSV text with a header line. */
export function historyCsv(rows: readonly HistorySample[], signals: readonly SignalInfo[]): string {
  const lines = ['time,signal,equipment,tag,value,quality'];
  for (const row of rows) {
    const info = signals[row.signalId];
    lines.push([new Date(row.t).toISOString(), String(row.signalId), field(info?.equipmentId ?? ''), field(info?.tag ?? ''), field(String(row.value)), QUALITY[row.quality] ?? String(row.quality)].join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
