/** Renderer entry: creates the stores, renders the shell, links to the engine. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { runEngineLink } from './app/bootstrap';
import { SessionStore } from './stores/session-store';
import { TelemetryStore } from './stores/telemetry-store';
import { ServicesContext, type AppServices } from './stores/hooks';
import './styles.css';

const services: AppServices = { client: undefined, session: new SessionStore(), telemetry: new TelemetryStore() };

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ServicesContext.Provider value={services}>
        <App />
      </ServicesContext.Provider>
    </StrictMode>,
  );
}
void runEngineLink(services, (client) => {
  services.client = client;
});
