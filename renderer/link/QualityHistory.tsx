/** The quality changes of one equipment seen since this window connected, newest first, with times and reasons. */
import { useI18n } from '../i18n/i18n';
import { formatClock, formatFigure, msDecimals } from './format';
import type { QualityTransition } from './link-store';
import { qualityText, reasonText } from './quality-text';

/** A table of transitions; `offsetMs` turns engine times into this window's clock. */
export function QualityHistory({ transitions, offsetMs, testId }: { transitions: readonly QualityTransition[]; offsetMs: number; testId: string }) {
  const { t, locale } = useI18n();
  if (transitions.length === 0) return <p className="muted">{t('linkui.history.empty')}</p>;
  return (
    <table className="quality-history" data-testid={testId}>
      <thead>
        <tr>
          <th>{t('linkui.history.time')}</th>
          <th>{t('linkui.history.quality')}</th>
          <th>{t('linkui.history.rtt')}</th>
          <th>{t('linkui.history.reason')}</th>
        </tr>
      </thead>
      <tbody>
        {transitions.map((tr, i) => (
          <tr key={`${tr.since}-${i}`} className={`lq-row-${tr.quality}`}>
            <td className="num">{formatClock(tr.since + offsetMs, locale)}</td>
            <td>
              <span className={`lq-text lq-${tr.quality}`}>{qualityText(t, tr.quality)}</span>
            </td>
            <td className="num">{tr.rttP95Ms === undefined ? '—' : t('linkui.unit.ms', { value: formatFigure(tr.rttP95Ms, msDecimals(tr.rttP95Ms), locale) })}</td>
            <td>{reasonText(t, tr.reason)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
