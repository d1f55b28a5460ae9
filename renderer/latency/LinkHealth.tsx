/** Header area, always visible: the engine link and each connection's state (round-trip time arrives with the link monitor). */
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { useSession } from '../stores/hooks';

/** One badge per connection plus the engine link. Colour only when abnormal (ISA-101). */
export function LinkHealth() {
  const session = useSession();
  const { t } = useI18n();
  return (
    <section className="link-health" aria-label={t('link.area')}>
      <span className={`badge engine-${session.engine}`} data-testid="engine-link">
        {t('link.engine')}: {t(`link.${session.engine}` as MessageKey)}
      </span>
      {[...session.connections.values()].map((status) => (
        <span key={status.connectionId} className={`badge state-${status.state}`} title={status.reason?.message ?? ''} data-testid={`conn-${status.connectionId}`}>
          {status.connectionId}: {t(`state.${status.state}` as MessageKey)}
        </span>
      ))}
    </section>
  );
}
