/**
 * CSV of raw history rows: time (ISO), signal id, equipment, tag, value, unit (the tag's, as the site file gives it
 * now; empty without one), quality, and `recorded_every_ms`: empty when history kept every change of the tag, else
 * the interval of which it kept only the latest change (the site file's `history.minIntervalMs`, as the site file
 * says now: rows recorded under an earlier setting are not told apart), so a paced tag's steps are not read as the
 * device's own.
 */
import type { ExportCursor } from '../../../shared/contract/requests/history';
import type { CsvExport, CsvSignal, HistorySample, HistoryStore } from './history-store';

const QUALITY = ['good', 'bad', 'stale', 'uncertain'];

/** Quotes a field when it needs it (RFC 4180), and defuses spreadsheet formulas in text. */
function field(value: string): string {
  const safe = /^[=+\-@]/.test(value) && Number.isNaN(Number(value)) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The rows as CSV text with a header line; `signals` describes each signal id (one not in it gets empty fields). */
export function historyCsv(rows: readonly HistorySample[], signals: Readonly<Record<number, CsvSignal>>): string {
  const lines = ['time,signal,equipment,tag,value,unit,quality,recorded_every_ms'];
  for (const row of rows) {
    const info = Object.hasOwn(signals, row.signalId) ? signals[row.signalId] : undefined;
    const every = String(info?.everyMs ?? '');
    lines.push([new Date(row.t).toISOString(), String(row.signalId), field(info?.equipmentId ?? ''), field(info?.tag ?? ''), field(String(row.value)), field(info?.unit ?? ''), QUALITY[row.quality] ?? String(row.quality), every].join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * One page of the raw rows of a range as CSV, from `store` (the embedded store runs this on its own thread): the rows
 * after `after` in (time, signal) order, at most `maxRows`; a truncated page gives its last row as `next`.
 */
export async function exportCsv(store: Pick<HistoryStore, 'raw'>, signalIds: readonly number[], from: number, to: number, maxRows: number, signals: Readonly<Record<number, CsvSignal>>, after?: ExportCursor): Promise<CsvExport> {
  const start = after ? Math.max(from, after.t) : from;
  // Rows at `after.t` of signals up to `after.signalId` went out with the page before: at most one per signal.
  const already = after && after.t >= from ? new Set(signalIds).size : 0;
  const found = await store.raw(signalIds, start, to, maxRows + already);
  const fresh = after ? found.rows.filter((r) => r.t > after.t || (r.t === after.t && r.signalId > after.signalId)) : found.rows;
  const rows = fresh.slice(0, maxRows);
  const truncated = fresh.length > maxRows || found.truncated;
  const last = rows.at(-1);
  return { csv: historyCsv(rows, signals), rows: rows.length, truncated, ...(truncated && last ? { next: { t: last.t, signalId: last.signalId } } : {}) };
}
