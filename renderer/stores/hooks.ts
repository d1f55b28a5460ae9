/** React hooks over the stores (useSyncExternalStore): components re-render only when their slice changes. */
import { createContext, useContext, useEffect, useState, useSyncExternalStore } from 'react';
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
  return useSyncExternalStore(session.subscribe, session.getSnapshot, session.getSnapshot); // rendered to markup (tests) the same way
}

const noSignal = () => () => undefined;
const noValue = () => undefined;

/** One signal's latest value (undefined until the first frame carries it); wakes only when that signal changes. */
export function useSignal(id: number | undefined): SignalValue | undefined {
  const { telemetry } = useServices();
  // Stable per id: React re-subscribes only when the id changes.
  const subscribe = id === undefined ? noSignal : telemetry.signalSubscriber(id);
  const getSnapshot = id === undefined ? noValue : telemetry.signalGetter(id);
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}

/** Time since the engine last confirmed signal `id` (ms), refreshed every `refreshMs`; undefined before a value. */
export function useSignalAge(id: number | undefined, refreshMs = 200): number | undefined {
  const { telemetry } = useServices();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), refreshMs);
    return () => clearInterval(timer);
  }, [refreshMs]);
  return id === undefined ? undefined : telemetry.ageMs(id, now);
}
