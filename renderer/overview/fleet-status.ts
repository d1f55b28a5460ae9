/**
 * What the fleet overview shows besides values: each equipment's link (quality from `link.quality` events and a
 * once-a-second `link.stats` read for the live round-trip p95) and its active alarms by priority, counted from the
 * window's alarm store (which mirrors the engine's list and events from the moment the engine link is up, so an
 * overview opened later knows its counts at once). Per-equipment snapshots keep their identity while unchanged, so a
 * tile re-renders only when its own link or alarms change. Alarm counts are known only while the alarm store has the
 * engine's list: before it, and while the engine link is lost, they are unknown, never a number that may be wrong.
 */
import type { ContractClient } from '../../shared/contract/client';
import type { AlarmInfo } from '../../shared/contract/requests/alarms';
import type { LinkStats } from '../../shared/contract/requests/link';

/** An equipment's link as the tile shows it. */
export interface TileLink {
  quality: 'good' | 'degraded' | 'unsafe' | 'lost' | 'unknown';
  /** Round-trip p95 the quality is judged on (ms): the quality window's, else the last 10 s. */
  rttMs?: number;
  lossPct: number;
  /** Why it is below good (the engine's reason code: rtt-degraded, jitter, loss, no-answer …). */
  reason?: string;
}

/** Active alarm counts by priority, how many of them are not acknowledged, and cleared ones still to acknowledge. */
export interface TileAlarms {
  urgent: number;
  high: number;
  medium: number;
  low: number;
  /** Active and not acknowledged. */
  unacked: number;
  /** Returned to normal but not acknowledged yet (ISA-18.2 unack-returned). */
  returned: number;
}

const STATS_PERIOD_MS = 1000;
const NO_LINK: TileLink = { quality: 'unknown', lossPct: 0 };
const NO_ALARMS: TileAlarms = { urgent: 0, high: 0, medium: 0, low: 0, unacked: 0, returned: 0 };
/** States in which an alarm is annunciated (shelved, suppressed and out-of-service ones are not). */
const ANNUNCIATED = new Set<AlarmInfo['state']>(['unack-active', 'ack-active', 'unack-returned']);

function sameLink(a: TileLink, b: TileLink): boolean {
  return a.quality === b.quality && a.rttMs === b.rttMs && a.lossPct === b.lossPct && a.reason === b.reason;
}

function sameAlarms(a: TileAlarms, b: TileAlarms): boolean {
  return a.urgent === b.urgent && a.high === b.high && a.medium === b.medium && a.low === b.low && a.unacked === b.unacked && a.returned === b.returned;
}

/** Where the counts come from: the window's alarm store (alarm-store.ts), as useSyncExternalStore reads it. */
export interface AlarmSource {
  getSnapshot(): { alarms: ReadonlyMap<string, AlarmInfo>; loaded: boolean };
  subscribe(listener: () => void): () => void;
}

/** Link and alarm summaries by equipment id. */
export class FleetStatusStore {
  private readonly links = new Map<string, TileLink>();
  private readonly alarmCounts = new Map<string, TileAlarms>();
  private readonly alarms = new Map<string, AlarmInfo>();
  private readonly listeners = new Set<() => void>();
  private version = 0;
  /** The counts stand on the engine's alarm list and every change since (false before it and while the link is lost). */
  private alarmsKnown = false;

  /** Stable subscribe for useSyncExternalStore. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Goes up with every change (a snapshot for views of the whole fleet). */
  getVersion = (): number => this.version;

  /** The link of `equipmentId` (the same object until it changes). */
  link(equipmentId: string): TileLink {
    return this.links.get(equipmentId) ?? NO_LINK;
  }

  /** The active alarm counts of `equipmentId` (the same object until they change); undefined while not known. */
  alarmsOf(equipmentId: string): TileAlarms | undefined {
    return this.alarmsKnown ? (this.alarmCounts.get(equipmentId) ?? NO_ALARMS) : undefined;
  }

  /** Whether alarm counts are known (the engine's list read, and followed since). */
  get alarmsAreKnown(): boolean {
    return this.alarmsKnown;
  }

  /** Reads and follows the engine's links through `client`; returns the function that stops following. */
  follow(client: ContractClient): () => void {
    let stopped = false;
    const off = client.on('link.quality', (event) => {
      const { reason: _old, ...current } = this.link(event.equipmentId);
      const rtt = event.rttP95Ms !== undefined ? { rttMs: event.rttP95Ms } : {};
      this.setLink(event.equipmentId, { ...current, ...rtt, quality: event.quality, lossPct: event.lossPct, ...(event.reason ? { reason: event.reason.code } : {}) });
    });
    const readStats = () =>
      client.request('link.stats', { historySeconds: 0 }).then(({ links }) => !stopped && this.applyStats(links), () => undefined);
    void readStats();
    const timer = setInterval(readStats, STATS_PERIOD_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
      off();
    };
  }

  /**
   * Counts the alarms of `source` (the window's alarm store) now and at every change; returns the function that stops.
   * Its alarms are the engine's list with every event since, while `loaded`; else the counts are unknown.
   */
  followAlarms(source: AlarmSource): () => void {
    const take = () => {
      const { alarms, loaded } = source.getSnapshot();
      if (loaded) this.applyAlarms(alarms.values());
      else this.setAlarmsKnown(false);
    };
    take();
    const off = source.subscribe(take);
    return () => {
      off();
      this.setAlarmsKnown(false);
    };
  }

  /** Takes one `link.stats` reply: quality per equipment with its round-trip p95, and the 10 s loss per connection. */
  applyStats(links: readonly LinkStats[]): void {
    let changed = false;
    for (const link of links) {
      const recent = link.windows[0];
      for (const { quality } of link.equipment) {
        const next: TileLink = {
          quality: quality.quality,
          lossPct: recent?.lossPct ?? quality.lossPct,
          // The figure the verdict is made on: "slow" beside a fast median would contradict itself.
          ...((quality.rttP95Ms ?? recent?.p95) !== undefined ? { rttMs: quality.rttP95Ms ?? recent?.p95 } : {}),
          ...(quality.reason && quality.quality !== 'good' ? { reason: quality.reason.code } : {}),
        };
        changed = this.setLink(quality.equipmentId, next, false) || changed;
      }
    }
    if (changed) this.notify();
  }

  /**
   * Takes every alarm as it stands (so it replaces what was known: an alarm of an engine since restarted with another
   * site is gone).
   */
  applyAlarms(alarms: Iterable<AlarmInfo>): void {
    this.alarms.clear();
    for (const alarm of alarms) this.alarms.set(alarm.key, alarm);
    const wasKnown = this.alarmsKnown;
    this.alarmsKnown = true;
    if (!this.recount() && !wasKnown) this.notify();
  }

  private setLink(equipmentId: string, next: TileLink, notify = true): boolean {
    const current = this.links.get(equipmentId);
    if (current && sameLink(current, next)) return false;
    this.links.set(equipmentId, next);
    if (notify) this.notify();
    return true;
  }

  private setAlarmsKnown(known: boolean): void {
    if (this.alarmsKnown === known) return;
    this.alarmsKnown = known;
    this.notify();
  }

  /** Recounts active alarms; true when some equipment's counts changed (listeners were told). */
  private recount(): boolean {
    const counts = new Map<string, TileAlarms>();
    for (const alarm of this.alarms.values()) {
      if (!ANNUNCIATED.has(alarm.state)) continue;
      const c = counts.get(alarm.equipmentId) ?? { ...NO_ALARMS };
      if (alarm.state === 'unack-returned') c.returned++;
      else {
        c[alarm.priority]++;
        if (!alarm.acked) c.unacked++;
      }
      counts.set(alarm.equipmentId, c);
    }
    let changed = false;
    for (const id of new Set([...counts.keys(), ...this.alarmCounts.keys()])) {
      const next = counts.get(id) ?? NO_ALARMS;
      const current = this.alarmCounts.get(id) ?? NO_ALARMS;
      if (sameAlarms(current, next)) continue;
      this.alarmCounts.set(id, next);
      changed = true;
    }
    if (changed) this.notify();
    return changed;
  }

  private notify(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}
