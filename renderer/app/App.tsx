/** The app shell: header on every screen, then the page for the current route. */
import { PageBoundary } from './PageBoundary';
import { AlarmBanner } from '../alarms/AlarmBanner';
import { AlarmsPage } from '../alarms/AlarmsPage';
import { AuditPage } from '../alarms/AuditPage';
import { Diagnostics } from '../diagnostics/Diagnostics';
import { EquipmentPanel } from '../equipment/EquipmentPanel';
import { useI18n } from '../i18n/i18n';
import { GamepadCalibration } from '../input/GamepadCalibration';
import { InputLayer } from '../input/InputLayer';
import { Overview } from '../overview/Overview';
import { TrendsPage } from '../trends/TrendsPage';
import { useSession } from '../stores/hooks';
import { LinkPage } from '../link/LinkPage';
import { Header } from './Header';
import { LoginDialog } from './LoginDialog';
import { LockedNotice } from './UserBadge';
import { useRoute } from './route';

/** Root component. */
export function App() {
  const route = useRoute();
  const session = useSession();
  const { t } = useI18n();
  return (
    <div className="app">
      <Header route={route} />
      <AlarmBanner />
      {session.engineError && (
        <div role="alert" className="engine-error">
          {t('engine.error', { message: session.engineError })}
        </div>
      )}
      <LockedNotice />
      <main className="main">
        <PageBoundary key={`${route.page}/${route.page === 'equipment' ? (route.id ?? '') : ''}`}>
          {route.page === 'overview' && <Overview />}
          {route.page === 'equipment' && <EquipmentPanel {...(route.id ? { id: route.id } : {})} />}
          {route.page === 'link' && <LinkPage />}
          {route.page === 'diagnostics' && <Diagnostics />}
          {route.page === 'alarms' && <AlarmsPage />}
          {route.page === 'audit' && <AuditPage />}
          {route.page === 'trends' && <TrendsPage />}
          {route.page === 'gamepad' && <GamepadCalibration />}
        </PageBoundary>
      </main>
      <LoginDialog />
      <InputLayer />
    </div>
  );
}
