/** Header area, always visible: the console link (with the engine link's state) and each equipment's link quality with its RTT. */
import { useI18n } from '../i18n/i18n';
import { ConsoleLinkBadge, EquipmentLinkBadges } from '../link/HeaderLinkBadges';

/** Console link first, then one badge per equipment, in two rows. Colour only when abnormal (ISA-101). */
export function LinkHealth() {
  const { t } = useI18n();
  return (
    <section className="link-health" aria-label={t('link.area')}>
      {/* Its own width, whatever room the header gives: what the badges need (app/header-fit.ts). */}
      <div className="link-badges">
        <ConsoleLinkBadge />
        <EquipmentLinkBadges />
      </div>
    </section>
  );
}
