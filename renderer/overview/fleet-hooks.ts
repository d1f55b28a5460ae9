/** The overview's stores (one set per window) and hooks over them. */
import { useContext, useEffect, useSyncExternalStore } from 'react';
import { AlarmContext, useAlarmServices } from '../alarms/alarm-context';
import { RecentValues } from '../stores/recent-values';
import { useServices, useSession, type AppServices } from '../stores/hooks';
import { FleetStatusStore, type TileAlarms, type TileLink } from './fleet-status';
import { SparklineBackfill } from './backfill';
import { SparklinePainter } from './sparklines';

/** The overview's stores. */
export interface FleetServices {
  status: FleetStatusStore;
  recent: RecentValues;
  painter: SparklinePainter;
  backfill: SparklineBackfill;
}

const perWindow = new WeakMap<AppServices, FleetServices>();

/**
 * The overview's stores of this window (made on first use, kept so sparkline history survives navigation). The
 * alarm counts follow the window's alarm store for the window's life, so an overview opened at any time renders
 * them known from its first frame.
 */
export function useFleet(): FleetServices {
  const services = useServices();
  const alarmServices = useContext(AlarmContext);
  let fleet = perWindow.get(services);
  if (!fleet) {
    const recent = new RecentValues(services.telemetry);
    fleet = { status: new FleetStatusStore(), recent, painter: new SparklinePainter(), backfill: new SparklineBackfill(recent, services.telemetry) };
    if (alarmServices) fleet.status.followAlarms(alarmServices.alarms); // never stopped: both live as long as the window
    perWindow.set(services, fleet);
  }
  return fleet;
}

/**
 * Follows link state while the overview is shown (re-attaches when the engine link comes back). An overview opened
 * while the alarm list is still unread (its read failed with the link up) asks for it again: a failure is not final.
 */
export function useFollowFleet(): void {
  const { client } = useServices();
  const { engine } = useSession();
  const { status, painter } = useFleet();
  const { alarms } = useAlarmServices();
  useEffect(() => (client && engine === 'connected' ? status.follow(client) : undefined), [client, engine, status]);
  useEffect(() => {
    if (client && engine === 'connected' && !alarms.getSnapshot().loaded) alarms.refresh();
  }, [client, engine, alarms]);
  useEffect(() => {
    const resized = () => painter.resized();
    window.addEventListener('resize', resized);
    return () => window.removeEventListener('resize', resized);
  }, [painter]);
}

/** One equipment's link summary; re-renders only when it changes. */
export function useTileLink(equipmentId: string): TileLink {
  const { status } = useFleet();
  const snapshot = () => status.link(equipmentId);
  return useSyncExternalStore(status.subscribe, snapshot, snapshot); // rendered to markup (tests) the same way
}

/** One equipment's active alarm counts (undefined while not known); re-renders only when they change. */
export function useTileAlarms(equipmentId: string): TileAlarms | undefined {
  const { status } = useFleet();
  const snapshot = () => status.alarmsOf(equipmentId);
  return useSyncExternalStore(status.subscribe, snapshot, snapshot);
}

/** Fills the sparklines of `signalIds` once with the last minute from the engine's history (see backfill.ts). */
export function useSparklineBackfill(signalIds: readonly number[]): void {
  const { client } = useServices();
  const { engine } = useSession();
  const { recent, backfill } = useFleet();
  useEffect(() => {
    if (!client || engine !== 'connected') return;
    for (const id of signalIds) recent.track(id);
    backfill.request(client, signalIds);
  }, [client, engine, signalIds, recent, backfill]);
}
