/** Level 1: every equipment of the site as a tile with its connection state. */
import { routeHref } from '../app/route';
import { useI18n } from '../i18n/i18n';
import { hasMessage, type MessageKey } from '../i18n/messages';
import { useSession } from '../stores/hooks';
import { useControl } from '../stores/control-hooks';
import { siteLabel } from '../equipment/labels';

/** The fleet overview. */
export function Overview() {
  const session = useSession();
  const control = useControl();
  const { t, locale } = useI18n();
  return (
    <section aria-labelledby="overview-heading">
      <h2 id="overview-heading">{t('overview.heading')}</h2>
      {session.equipment.length === 0 && session.engine === 'connected' && <p>{t('overview.empty')}</p>}
      <ul className="tiles" data-testid="equipment-list">
        {session.equipment.map((equipment) => {
          const status = session.connections.get(equipment.connectionId);
          const state = status?.state ?? 'disconnected';
          const holder = control.states.get(equipment.id)?.holder;
          const typeKey = `type.${equipment.type}` as MessageKey;
          return (
            <li key={equipment.id} className={`tile state-${state}`} data-testid={`tile-${equipment.id}`}>
              <a href={routeHref({ page: 'equipment', id: equipment.id })}>
                <span className="tile-name">{siteLabel(equipment.label, equipment.name, locale)}</span>
                <span className="tile-type">{t(typeKey)}</span>
                <span className="tile-meta">
                  {equipment.protocol} · {t('overview.tags', { count: equipment.tags.length })}
                </span>
                {holder && <span className="tile-holder">{holder.mine ? t('control.holderMine') : t('overview.controlBy', { user: holder.user })}</span>}
                <span className={`badge state-${state}`}>{t(`state.${state}` as MessageKey)}</span>
                {state !== 'connected' && status?.reason && (
                  <span className="tile-reason" title={status.reason.message}>
                    {hasMessage(`reason.${status.reason.code}`) ? t(`reason.${status.reason.code}` as MessageKey) : status.reason.message}
                  </span>
                )}
              </a>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
