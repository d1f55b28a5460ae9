/** The app shell: header on every screen, then the page for the current route. */
import { useRef } from 'react';
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
import { RegionBoundary } from './ShellBoundary';
import { useTopBarHeight } from './use-top-bar-height';

/** Root component. main.tsx wraps it in a ShellBoundary; every part under the header has its own boundary too. */
export function App() {
  const route = useRoute();
  const session = useSession();
  const { t } = useI18n();
  const routeKey = `${route.page}/${route.page === 'equipment' ? (route.id ?? '') : ''}`;
  const topBar = useRef<HTMLDivElement>(null);
  useTopBarHeight(topBar);
  return (
    <div className="app">
      {/* Sticky, above every dialog's backdrop: the stop and the link health stay in view and in reach (styles.css). */}
      <div className="app-top" ref={topBar} data-testid="app-top">
        <Header route={route} />
        <RegionBoundary resetKey={routeKey}>
          <AlarmBanner />
        </RegionBoundary>
      </div>
      {session.engineError && (
        <div role="alert" className="engine-error">
          {t('engine.error', { message: session.engineError })}
        </div>
      )}
      <LockedNotice />
      <main className="main">
        <PageBoundary key={routeKey}>
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
      <RegionBoundary resetKey={routeKey}>
        <LoginDialog />
        <InputLayer />
      </RegionBoundary>
    </div>
  );
}
