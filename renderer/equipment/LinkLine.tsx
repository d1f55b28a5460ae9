/** The equipment's link in its panel: quality and why, round-trip time, and the latency-adaptive jog limit (or why motion is refused). */
import { formatNumber, useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import type { LinkFigures } from './link-figures';
import { linkReasonText } from './link-reason';
import { connectionReasonText } from '../link/quality-text';

/** One line of link figures; colour only when the link is not good. */
export function LinkLine({ link }: { link: LinkFigures }) {
  const { t, locale } = useI18n();
  const ms = (v: number | undefined) => (v === undefined ? t('panel.noValue') : formatNumber(v, v < 10 ? 1 : 0, locale));
  const quality = link.silentMs !== undefined || link.noEngine ? 'silent' : (link.quality ?? 'unknown');
  const reason = reasonOf(link, quality, t, locale);
  return (
    <p className={`link-line quality-${quality}`} title={reason} data-testid="panel-link">
      <span>
        {t('panel.link', { quality: t(`panel.quality.${quality}` as MessageKey) })}
        {reason && ` — ${reason}`}
      </span>
      <span aria-hidden="true">·</span>
      <span data-testid="panel-rtt">{t('panel.rtt', { p50: ms(link.rttP50Ms), p95: ms(link.rttP95Ms) })}</span>
    </p>
  );
}

/** Beside the jog controls: how fast a jog may go on today's link, or why motion is refused. */
export function JogLimitLine({ link }: { link: LinkFigures }) {
  const { t, locale } = useI18n();
  const jog = link.jog;
  // Not known (no engine, or an engine silent about its links) is not "waiting for the link monitor".
  if (!jog) return <p className="jog-limit-line muted" data-testid="jog-limit-now">{t(link.noEngine || link.silentMs !== undefined ? 'panel.jogLimitNotKnown' : 'panel.jogLimitUnknown')}</p>;
  const reason = jog.reason ? linkReasonText(jog.reason.code, jog.reason.text, { rttMs: jog.rttMs }, t, locale) : '';
  const text = jog.refused
    ? t('panel.jogRefused', { reason })
    : t('panel.jogLimitNow', { pct: formatNumber(jog.fraction * 100, 0, locale), rtt: jog.rttMs === undefined ? t('panel.noValue') : formatNumber(jog.rttMs, 0, locale) });
  // Two lines reserved whatever the text (see panels.css): the jog buttons below never move while held.
  return (
    <p className={jog.refused ? 'jog-limit-line refused' : 'jog-limit-line'} title={text} data-testid="jog-limit-now">
      {text}
    </p>
  );
}

/** Why the link is as it is, in words: not known (no engine, or silent), the connection's own reason, the monitor's. */
function reasonOf(link: LinkFigures, quality: string, t: ReturnType<typeof useI18n>['t'], locale: ReturnType<typeof useI18n>['locale']): string {
  if (link.noEngine) return t('panel.linkNoEngine');
  if (link.silentMs !== undefined) return t('panel.linkSilent', { s: formatNumber(link.silentMs / 1000, 0, locale) });
  if (quality === 'good') return '';
  if (link.connectionReason) return connectionReasonText(t, link.connectionReason);
  const event = link.qualityEvent;
  return event?.reason ? linkReasonText(event.reason.code, event.reason.text, { rttMs: event.rttP95Ms, lossPct: event.lossPct }, t, locale) : '';
}
