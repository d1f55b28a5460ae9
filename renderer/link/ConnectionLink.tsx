/** One connection on the link page: its equipment's quality, the RTT chart, window figures, histogram, quality history. */
import type { ConnectionStatus } from '../../shared/contract/events';
import type { EquipmentSummary } from '../../shared/contract/requests/core';
import type { LinkStats } from '../../shared/contract/requests/link';
import { siteLabel } from '../equipment/labels';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { formatClock, formatFigure, msDecimals } from './format';
import type { LinkSnapshot } from './link-store';
import { QualityHistory } from './QualityHistory';
import { connectionReasonText, qualityText, reasonText } from './quality-text';
import { RttChart } from './RttChart';
import { RttHistogram } from './RttHistogram';

const WINDOW_KEYS: Record<number, MessageKey> = { 10_000: 'linkui.window.10s', 60_000: 'linkui.window.1min', 600_000: 'linkui.window.10min' };

/** The section of connection `stats.connectionId`. */
export function ConnectionLink({ stats, status, equipment, link, offsetMs }: { stats: LinkStats; status: ConnectionStatus | undefined; equipment: EquipmentSummary[]; link: LinkSnapshot; offsetMs: number }) {
  const { t, locale } = useI18n();
  const ms = (v: number | undefined) => (v === undefined ? '—' : t('linkui.unit.ms', { value: formatFigure(v, msDecimals(v), locale) }));
  const minute = stats.windows[1] ?? stats.windows[0];
  return (
    <section className="link-connection" data-testid={`link-conn-${stats.connectionId}`} aria-labelledby={`link-h-${stats.connectionId}`}>
      <h3 id={`link-h-${stats.connectionId}`}>{t('linkui.conn.heading', { connection: stats.connectionId, equipment: equipment.map((e) => siteLabel(e.label, e.name, locale)).join(', ') })}</h3>
      {stats.silent && <p className="link-silent">{t('linkui.conn.silent')}</p>}
      <table className="link-equipment">
        <thead>
          <tr>
            <th>{t('linkui.conn.equipment')}</th>
            <th>{t('linkui.conn.quality')}</th>
            <th>{t('linkui.history.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {equipment.map((e) => {
            const q = link.quality.get(e.id);
            return (
              <tr key={e.id} data-testid={`link-quality-${e.id}`}>
                <td>{siteLabel(e.label, e.name, locale)}</td>
                <td>
                  <span className={`lq-text lq-${q?.quality ?? 'unknown'}`}>{qualityText(t, q?.quality)}</span>{' '}
                  {q && <span className="muted">{t('linkui.conn.since', { time: formatClock(q.since + offsetMs, locale) })}</span>}
                </td>
                <td>{reasonText(t, q?.reason)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <dl className="link-facts">
        <dt>{t('diagnostics.state')}</dt>
        <dd data-testid={`link-state-${stats.connectionId}`}>
          {status ? t(`state.${status.state}` as MessageKey) : '—'}
          {status?.reason && ` — ${connectionReasonText(t, status.reason)}`}
        </dd>
        <dt>{t('linkui.conn.lastAnswer')}</dt>
        <dd data-testid={`link-answer-${stats.connectionId}`}>{stats.answerAgeMs === undefined ? t('linkui.conn.never') : t('linkui.conn.lastAnswerValue', { ms: formatFigure(stats.answerAgeMs, 0, locale) })}</dd>
        <dt className="muted">{t('linkui.conn.probe', { period: stats.probe.periodMs, timeout: stats.probe.timeoutMs })}</dt>
        <dd className="muted">{t('linkui.conn.counters', { ...stats.counters })}</dd>
      </dl>
      {stats.counters.answered === 0 ? (
        <p className="muted" data-testid={`link-no-answers-${stats.connectionId}`}>{t('linkui.conn.noAnswers')}</p>
      ) : (
        <>
          <h4>{t('linkui.chart.title')}</h4>
          <RttChart connectionId={stats.connectionId} />
          <div className="link-figures">
            <table className="link-windows">
              <thead>
                <tr>
                  <th>{t('linkui.table.window')}</th>
                  <th className="num">p50</th>
                  <th className="num">p95</th>
                  <th className="num">p99</th>
                  <th className="num">{t('linkui.table.jitter')}</th>
                  <th className="num">{t('linkui.table.loss')}</th>
                  <th className="num">{t('linkui.table.samples')}</th>
                </tr>
              </thead>
              <tbody>
                {stats.windows.map((w) => (
                  <tr key={w.windowMs}>
                    <th scope="row">{WINDOW_KEYS[w.windowMs] ? t(WINDOW_KEYS[w.windowMs] as MessageKey) : `${w.windowMs / 1000} s`}</th>
                    <td className="num">{ms(w.p50)}</td>
                    <td className="num">{ms(w.p95)}</td>
                    <td className="num">{ms(w.p99)}</td>
                    <td className="num">{ms(w.jitter)}</td>
                    <td className="num">{t('linkui.unit.pct', { value: formatFigure(w.lossPct, 1, locale) })}</td>
                    <td className="num muted">{w.samples}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {minute && <RttHistogram edgesMs={stats.histogramEdgesMs} counts={minute.histogram} />}
          </div>
        </>
      )}
      <h4>{t('linkui.history.title')}</h4>
      {equipment.map((e) => (
        <div key={e.id}>
          {equipment.length > 1 && <h5>{siteLabel(e.label, e.name, locale)}</h5>}
          <QualityHistory transitions={link.transitions.get(e.id) ?? []} offsetMs={offsetMs} testId={`link-history-${e.id}`} />
        </div>
      ))}
    </section>
  );
}
