/** Header navigation entry of the alarm area: "Alarms" with the unacknowledged count (the audit view has its own header entry). */
import type { Route } from '../app/route';
import { useI18n } from '../i18n/i18n';
import { useAlarms } from './alarm-context';
import { isUnacked } from './alarm-rules';

/** The link; `route` marks the current page. Without the engine's list the count is unknown: "?", never a number. */
export function AlarmNavLink({ route }: { route: Route }) {
  const { alarms, loaded } = useAlarms();
  const { t } = useI18n();
  let unacked = 0;
  for (const alarm of alarms.values()) if (isUnacked(alarm)) unacked++;
  return (
    <a href="#/alarms" aria-current={route.page === 'alarms' ? 'page' : undefined} data-testid="nav-alarms">
      {t('alarms.nav')}
      {!loaded && (
        <span className="nav-count nav-count-unknown" aria-label={t('alarms.navCountUnknown')} title={t('alarms.navCountUnknown')}>
          ?
        </span>
      )}
      {loaded && unacked > 0 && (
        <span className="nav-count" aria-label={t('alarms.navCount', { n: unacked })}>
          {unacked}
        </span>
      )}
    </a>
  );
}
