/** Header area, always visible: the engine link, the console link, and each equipment's link quality with its RTT. */
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { ConsoleLinkBadge, EquipmentLinkBadges } from '../link/HeaderLinkBadges';
import { useSession } from '../stores/hooks';

/** Engine and console link, then one badge per equipment. Colour only when abnormal (ISA-101). */
export function LinkHealth() {
  const session = useSession();
  const { t } = useI18n();
  return (
    <section className="link-health" aria-label={t('link.area')}>
      <span className={`badge engine-${session.engine}`} data-testid="engine-link">
        {t('link.engine')}: {t(`link.${session.engine}` as MessageKey)}
      </span>
      <ConsoleLinkBadge />
      <EquipmentLinkBadges />
    </section>
  );
}
