/** The link-health stores of this window, their React context and hooks, and their binding to each engine client. */
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { ContractClient } from '../../shared/contract/client';
import type { TelemetryStore } from '../stores/telemetry-store';
import { ClockSync } from './clock-sync';
import { ConsoleLatency } from './console-latency';
import { LinkStore, type LinkSnapshot } from './link-store';

/** Link health for the header and the link page. */
export interface LinkServices {
  link: LinkStore;
  clock: ClockSync;
  latency: ConsoleLatency;
}

/** Quick exchanges at connect for a first offset, then one now and then to follow drift. */
const SYNC_BURST = 5;
const SYNC_PERIOD_MS = 10_000;

/** New link services; telemetry flushes mark the newest frame shown. */
export function createLinkServices(telemetry: TelemetryStore): LinkServices {
  const services: LinkServices = { link: new LinkStore(), clock: new ClockSync(), latency: new ConsoleLatency() };
  telemetry.subscribe(() => services.latency.shown(telemetry.stats.lastEngineTime));
  return services;
}

const detachers = new WeakMap<LinkServices, () => void>();

/** Binds the stores to a new engine client (undefined while the engine link is down). */
export function attachLink(services: LinkServices, client: ContractClient | undefined): void {
  services.link.attach(client);
  detachers.get(services)?.();
  detachers.delete(services);
  services.clock.reset();
  services.latency.reset();
  if (!client) return;
  const offFrames = client.onTelemetry((frame) => services.latency.arrived(frame.engineTime, Date.now()));
  const exchange = async () => {
    const sentAt = Date.now();
    const { engineTime } = await client.request('link.clock', {});
    services.clock.observe(sentAt, engineTime, Date.now());
  };
  let timer: ReturnType<typeof setInterval> | undefined;
  let detached = false;
  void (async () => {
    try {
      for (let i = 0; i < SYNC_BURST && !detached; i++) await exchange();
    } catch {
      return; // the link closed; the next client starts over
    }
    if (!detached) timer = setInterval(() => void exchange().catch(() => undefined), SYNC_PERIOD_MS);
  })();
  detachers.set(services, () => {
    detached = true;
    offFrames();
    if (timer) clearInterval(timer);
  });
}

export const LinkContext = createContext<LinkServices | null>(null);

/** This window's link services; throws outside the provider (a programming error). */
export function useLinkServices(): LinkServices {
  const services = useContext(LinkContext);
  if (!services) throw new Error('useLinkServices outside LinkContext');
  return services;
}

/** The link-health snapshot (changes about once a second). */
export function useLinkHealth(): LinkSnapshot {
  const { link } = useLinkServices();
  return useSyncExternalStore(link.subscribe, link.getSnapshot);
}
