/** React hooks over the stores (useSyncExternalStore): components re-render only when their slice changes. */
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { ContractClient } from '../../shared/contract/client';
import type { SessionSnapshot, SessionStore } from './session-store';
import type { SignalValue, TelemetryStore } from './telemetry-store';

/** The stores and client of this window. */
export interface AppServices {
  client: ContractClient | undefined;
  session: SessionStore;
  telemetry: TelemetryStore;
}

export const ServicesContext = createContext<AppServices | null>(null);

/** The app's services; throws outside the provider (a programming error). */
export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside ServicesContext');
  return services;
}

/** The session snapshot. */
export function useSession(): SessionSnapshot {
  const { session } = useServices();
  return useSyncExternalStore(session.subscribe, session.getSnapshot);
}

/** One signal's latest value (undefined until the first frame carries it). */
export function useSignal(id: number | undefined): SignalValue | undefined {
  const { telemetry } = useServices();
  return useSyncExternalStore(
    (listener) => telemetry.subscribe(listener),
    () => (id === undefined ? undefined : telemetry.get(id)),
  );
}
