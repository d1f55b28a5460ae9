/** The time window tools above the charts: span presets, live, zoom and pan buttons, the window shown, CSV export. */
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { useServices } from '../stores/hooks';
import type { ChartActions } from './TrendChart';
import { downloadCsv } from './csv-download';
import { exportFileName, exportPages } from './trend-export';
import { formatSpan, formatTime } from './trend-format';
import type { TrendTag } from './trend-tags';
import { rangeOf, SPAN_PRESETS, type TrendSelection } from './trend-view';

/** Rows one export saves at most (a browser holds them as one text before the download). */
const EXPORT_MAX_ROWS = 250_000;

type Props = {
  selection: TrendSelection;
  setSelection(update: (s: TrendSelection) => TrendSelection): void;
  actions: ChartActions;
  selected: TrendTag[];
  now(): number;
  /**
   * The window shown is fixed and its trend query found nothing to draw: said here, in the one message line the export
   * uses too. Export stays on: a window with nothing to draw may still hold rows (64-bit counters, an outage's marks).
   */
  nothingRecorded: boolean;
};

/** Toolbar; every control is a button reachable by keyboard. */
export function TrendToolbar({ selection, setSelection, actions, selected, now, nothingRecorded }: Props) {
  const { t, locale } = useI18n();
  const { client } = useServices();
  const [exportNote, setExportNote] = useState<{ text: string; failed?: boolean } | undefined>();
  const [exporting, setExporting] = useState(false);
  // What an export said is about the window it exported: another window starts without it.
  useEffect(() => setExportNote(undefined), [selection]);
  const live = selection.end === undefined;
  // With no tag chosen there is nothing to move or zoom (a span can be chosen ahead).
  const none = selected.length === 0;
  const range = rangeOf(selection, now());
  const mode = live
    ? t('trends.modeLive', { span: formatSpan(selection.span, locale, t) })
    : t('trends.modeHistory', { from: formatTime(range.from, locale, 'full'), to: formatTime(range.to, locale, 'full') });

  const exportCsv = async () => {
    if (!client) return setExportNote({ text: t('trends.exportNeedsEngine'), failed: true });
    const shown = rangeOf(selection, now());
    setExporting(true);
    setExportNote(undefined);
    try {
      const from = Math.floor(shown.from);
      const to = Math.ceil(shown.to);
      const signalIds = selected.map((tag) => tag.signalId);
      const reply = await exportPages((after) => client.request('history.export', { signalIds, from, to, ...(after ? { after } : {}) }), EXPORT_MAX_ROWS);
      if (reply.rows === 0) return setExportNote({ text: t('trends.exportEmpty') });
      const file = exportFileName(selected, { from, to });
      downloadCsv(reply.csv, file);
      setExportNote({ text: reply.truncated ? t('trends.exportTruncated', { rows: reply.rows, file }) : t('trends.exported', { rows: reply.rows, file }) });
    } catch (error) {
      setExportNote({ text: t('trends.exportFailed', { message: error instanceof Error ? error.message : String(error) }), failed: true });
    } finally {
      setExporting(false);
    }
  };

  return (
    <div className="trend-toolbar">
      <div className="trend-tools" role="toolbar" aria-label={t('trends.span')}>
        <span className="trend-tool-label">{t('trends.span')}</span>
        {SPAN_PRESETS.map((preset) => (
          <button key={preset.key} type="button" aria-pressed={selection.span === preset.ms} onClick={() => setSelection((s) => ({ ...s, span: preset.ms }))}>
            {t(`trends.span.${preset.key}`)}
          </button>
        ))}
        <button type="button" className="trend-live" aria-pressed={live} onClick={actions.live} disabled={none} data-testid="trend-live">
          {t('trends.live')}
        </button>
        <button type="button" onClick={() => actions.pan(-0.5)} disabled={none}>
          {t('trends.earlier')}
        </button>
        <button type="button" onClick={() => actions.pan(0.5)} disabled={none || live}>
          {t('trends.later')}
        </button>
        <button type="button" onClick={() => actions.zoom(0.5)} disabled={none} data-testid="trend-zoom-in">
          {t('trends.zoomIn')}
        </button>
        <button type="button" onClick={() => actions.zoom(2)} disabled={none}>
          {t('trends.zoomOut')}
        </button>
        <button type="button" className="trend-export" onClick={() => void exportCsv()} disabled={selected.length === 0 || exporting} data-testid="trend-export">
          {exporting ? t('trends.exporting') : t('trends.export')}
        </button>
      </div>
      <p className={live ? 'trend-mode' : 'trend-mode trend-mode-history'} data-testid="trend-mode">
        {mode}
      </p>
      {/* One message line: what the last export did, else that the window holds nothing to draw (never both). */}
      {exportNote ? (
        <p className={exportNote.failed ? 'refusal' : 'muted'} role="status" data-testid="trend-export-note">
          {exportNote.text}
        </p>
      ) : (
        nothingRecorded && (
          <p className="muted" data-testid="trend-no-data">
            {t('trends.noData')}
          </p>
        )
      )}
    </div>
  );
}
