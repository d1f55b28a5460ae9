/** Renderer entry: creates the stores, renders the shell, links to the engine. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AlarmContext, createAlarmServices } from './alarms/alarm-context';
import { AlarmSound } from './alarms/alarm-sound';
import { AlarmStore } from './alarms/alarm-store';
import { startActivityPings } from './app/activity-pings';
import { App } from './app/App';
import { ShellBoundary } from './app/ShellBoundary';
import { runEngineLink } from './app/bootstrap';
import { attachControl, releaseJogsOnFocusLoss } from './app/control-link';
import { ControlContext, type ControlServices } from './stores/control-hooks';
import { ControlStore } from './stores/control-store';
import { JogStore } from './stores/jog-store';
import { LoginStore } from './stores/login-store';
import { SessionStore } from './stores/session-store';
import { TelemetryStore } from './stores/telemetry-store';
import { ServicesContext, type AppServices } from './stores/hooks';
import { attachLink, createLinkServices, LinkContext } from './link/link-services';
import './styles.css';

const services: AppServices = { client: undefined, session: new SessionStore(), telemetry: new TelemetryStore() };
const control: ControlServices = { login: new LoginStore(), control: new ControlStore(), jog: new JogStore() };
releaseJogsOnFocusLoss(control);
startActivityPings({ client: () => services.client, loggedIn: () => control.login.getSnapshot().principal !== null });
const link = createLinkServices(services.telemetry);
const alarms = createAlarmServices(new AlarmStore(), new AlarmSound());

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ServicesContext.Provider value={services}>
        <ControlContext.Provider value={control}>
          <LinkContext.Provider value={link}>
            <AlarmContext.Provider value={alarms}>
              <ShellBoundary>
                <App />
              </ShellBoundary>
            </AlarmContext.Provider>
          </LinkContext.Provider>
        </ControlContext.Provider>
      </ServicesContext.Provider>
    </StrictMode>,
  );
}
void runEngineLink(services, (client) => {
  services.client = client;
  attachControl(control, client);
  attachLink(link, client);
  alarms.alarms.attach(client);
});
