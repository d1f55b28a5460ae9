/**
 * The header's link figures, on every screen, kept compact so the header stays one row: per equipment its site label
 * and RTT (p95 over 10 s), the quality word only when not good; and the console link (engine → this screen) with the
 * engine link's state. Full figures and reasons in each badge's title and on the link page. Text always; colour only
 * when abnormal (ISA-101).
 */
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { useNow } from '../app/use-now';
import { siteLabel } from '../equipment/labels';
import { useSession } from '../stores/hooks';
import { consoleBadge } from './console-badge';
import { formatFigure, msDecimals } from './format';
import { headerBadgeOrder } from './header-badge-order';
import { useLinkHealth, useLinkServices } from './link-services';
import { qualityText, reasonText } from './quality-text';
import './link.css';

/** One badge per equipment (the worst first when they do not all fit, the rest as "+N more"), linking to the link page. */
export function EquipmentLinkBadges() {
  const session = useSession();
  const link = useLinkHealth();
  const { t, locale } = useI18n();
  // Not known: no engine to ask, or an engine that has said nothing of its links for seconds (LinkStore.checkSilence).
  // No badge then shows the last figures as current.
  const seconds = link.silentMs === undefined ? '' : formatFigure(link.silentMs / 1000, 0, locale);
  const unknown = link.noEngine
    ? { word: t('hdr.linkNoEngine'), title: (name: string, connection: string) => t('linkui.header.noEngine', { name, connection }) }
    : link.silentMs !== undefined
      ? { word: t('hdr.linkSilent', { s: seconds }), title: (name: string, connection: string) => t('linkui.header.silent', { name, connection, s: seconds }) }
      : undefined;
  const { shown, more, moreNotGood } = headerBadgeOrder(session.equipment, (id) => (unknown ? undefined : link.quality.get(id)?.quality));
  return (
    <>
      {shown.map((equipment) => {
        const name = siteLabel(equipment.label, equipment.name, locale);
        if (unknown) {
          return (
            <a key={equipment.id} href="#/link" className="badge link-badge lq-unknown" title={unknown.title(name, equipment.connectionId)} data-testid={`link-${equipment.id}`} data-quality="silent">
              <span className="link-badge-name">{name}</span>
              <strong> {unknown.word}</strong>
            </a>
          );
        }
        const event = link.quality.get(equipment.id);
        const quality = event?.quality;
        const p95 = link.stats.get(equipment.connectionId)?.windows[0]?.p95 ?? event?.rttP95Ms;
        const showRtt = quality !== undefined && quality !== 'lost' && p95 !== undefined;
        const title = t('linkui.header.title', { name, connection: equipment.connectionId, quality: qualityText(t, quality), reason: reasonText(t, event?.reason) });
        return (
          <a key={equipment.id} href="#/link" className={`badge link-badge lq-${quality ?? 'unknown'}`} title={title} data-testid={`link-${equipment.id}`} data-quality={quality ?? 'unknown'}>
            <span className="link-badge-name">{name}</span>
            {/* A good link needs no word: its RTT says it answers. Anything else is named (and coloured). */}
            {quality !== 'good' && <strong> {quality === undefined ? t('hdr.noFigures') : qualityText(t, quality)}</strong>}
            {showRtt && <span className="link-badge-rtt"> {t('hdr.ms', { ms: formatFigure(p95, msDecimals(p95), locale) })}</span>}
          </a>
        );
      })}
      {more > 0 && (
        <a href="#/link" className={`badge link-badge${moreNotGood > 0 ? ' lq-degraded' : ''}`} data-testid="link-more">
          {moreNotGood > 0 ? t('hdr.moreNotGood', { count: more, notGood: moreNotGood }) : t('hdr.more', { count: more })}
        </a>
      )}
    </>
  );
}

/**
 * Console link: frame delivery p50; abnormal, with the newest frame's age, once that frame is over a second old (a
 * stalled engine on an open socket) or delivery is slow; the engine link's state when not connected.
 */
export function ConsoleLinkBadge() {
  const { latency, clock } = useLinkServices();
  const session = useSession();
  const { t, locale } = useI18n();
  const now = useNow(250);
  const f = latency.figures(now, clock.offsetMs);
  const badge = consoleBadge(f);
  const ms = (v: number | undefined) => formatFigure(v, 0, locale);
  const engine = `${t('link.engine')}: ${t(`link.${session.engine}` as MessageKey)}`;
  const figures = badge.kind === 'measuring' ? t('linkui.console.measuring') : t('linkui.console.figures', { p50: ms(f.deliveryP50Ms), p95: ms(f.deliveryP95Ms), age: ms(f.newestFrameAgeMs) });
  const connected = session.engine === 'connected';
  return (
    <span className={`badge console-link${badge.kind === 'slow' ? ' console-slow' : ''}${connected ? '' : ` engine-${session.engine}`}`} title={`${engine}. ${t('linkui.console.label')}: ${figures}. ${t('linkui.console.title')}`} data-testid="console-link" data-console={badge.kind}>
      {/* Connected is the normal state: said to screen readers, shown only when it is not so. */}
      <span className={connected ? 'visually-hidden' : ''} data-testid="engine-link">
        {engine}
        {connected && '. '}
      </span>
      {connected &&
        (badge.kind === 'measuring'
          ? t('hdr.console', { ms: '…' })
          : badge.kind === 'ok'
            ? t('hdr.console', { ms: badge.p50Ms === undefined ? '…' : ms(badge.p50Ms) })
            : badge.p50Ms === undefined
              ? t('hdr.consoleStalled', { age: ms(badge.ageMs) })
              : t('hdr.consoleSlow', { ms: ms(badge.p50Ms), age: ms(badge.ageMs) }))}
    </span>
  );
}
