/** Header navigation entries of the alarm area: "Alarms" with the unacknowledged count, and "Audit". */
import type { Route } from '../app/route';
import { useI18n } from '../i18n/i18n';
import { useAlarms } from './alarm-context';
import { isUnacked } from './alarm-rules';

/** The two links; `route` marks the current page. */
export function AlarmNavLinks({ route }: { route: Route }) {
  const { alarms } = useAlarms();
  const { t } = useI18n();
  let unacked = 0;
  for (const alarm of alarms.values()) if (isUnacked(alarm)) unacked++;
  return (
    <>
      <a href="#/alarms" aria-current={route.page === 'alarms' ? 'page' : undefined} data-testid="nav-alarms">
        {t('alarms.nav')}
        {unacked > 0 && (
          <span className="nav-count" aria-label={t('alarms.navCount', { n: unacked })}>
            {unacked}
          </span>
        )}
      </a>
      <a href="#/audit" aria-current={route.page === 'audit' ? 'page' : undefined}>
        {t('audit.nav')}
      </a>
    </>
  );
}
