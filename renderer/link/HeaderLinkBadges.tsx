/**
 * The header's link figures, on every screen: each equipment's link quality and RTT (p95 over 10 s), named by its
 * site label; and the console link (engine → this screen). Text always; colour only when abnormal (ISA-101).
 */
import { useI18n } from '../i18n/i18n';
import { useNow } from '../app/use-now';
import { siteLabel } from '../equipment/labels';
import { useSession } from '../stores/hooks';
import { formatFigure, msDecimals } from './format';
import { useLinkHealth, useLinkServices } from './link-services';
import { qualityText, reasonText } from './quality-text';
import './link.css';

/** One badge per equipment, linking to the link page. */
export function EquipmentLinkBadges() {
  const session = useSession();
  const link = useLinkHealth();
  const { t, locale } = useI18n();
  return (
    <>
      {session.equipment.map((equipment) => {
        const event = link.quality.get(equipment.id);
        const quality = event?.quality;
        const p95 = link.stats.get(equipment.connectionId)?.windows[0]?.p95 ?? event?.rttP95Ms;
        const rtt = quality === undefined || quality === 'lost' || p95 === undefined ? t('linkui.header.rttNone') : t('linkui.header.rtt', { ms: formatFigure(p95, msDecimals(p95), locale) });
        const name = siteLabel(equipment.label, equipment.name, locale);
        const title = t('linkui.header.title', { name, connection: equipment.connectionId, quality: qualityText(t, quality), reason: reasonText(t, event?.reason) });
        return (
          <a key={equipment.id} href="#/link" className={`badge link-badge lq-${quality ?? 'unknown'}`} title={title} data-testid={`link-${equipment.id}`} data-quality={quality ?? 'unknown'}>
            <span className="link-badge-name">{name}</span> <strong>{qualityText(t, quality)}</strong> <span className="link-badge-rtt">{rtt}</span>
          </a>
        );
      })}
    </>
  );
}

/** Console link: frame delivery p50 (p95) and the newest shown frame's age; abnormal past a second. */
export function ConsoleLinkBadge() {
  const { latency, clock } = useLinkServices();
  const { t, locale } = useI18n();
  const now = useNow(250);
  const f = latency.figures(now, clock.offsetMs);
  const known = f.deliveryP50Ms !== undefined && f.newestFrameAgeMs !== undefined;
  const slow = known && ((f.newestFrameAgeMs as number) > 1000 || (f.deliveryP95Ms as number) > 250);
  const ms = (v: number | undefined) => formatFigure(v, 0, locale);
  return (
    <span className={`badge console-link${slow ? ' console-slow' : ''}`} title={t('linkui.console.title')} data-testid="console-link">
      {t('linkui.console.label')}:{' '}
      {known ? t('linkui.console.figures', { p50: ms(f.deliveryP50Ms), p95: ms(f.deliveryP95Ms), age: ms(f.newestFrameAgeMs) }) : t('linkui.console.measuring')}
    </span>
  );
}
