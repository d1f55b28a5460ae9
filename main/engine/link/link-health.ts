/**
 * Link health of the whole site: one LinkMonitor per connection, the quality of every equipment (link.quality
 * events), its latency-adaptive jog limit (jog.limit events), the gate's view of the link, and silence handling
 * (the connection goes degraded with the monitor's own reason, every value on it stale with its last value kept).
 */
import { steadyNow } from '../steady-clock';
import type { EventName, EventOf } from '../../../shared/contract/events';
import type { LinkStats } from '../../../shared/contract/requests/link';
import { Quality } from '../../../shared/contract/telemetry';
import type { SiteFile } from '../../../shared/site/schema';
import type { Driver, Sample, TagBinding } from '../drivers/driver';
import { DriverError } from '../drivers/driver-error';
import type { LinkQuality } from '../safety/gate';
import { curveFraction, stepDown } from '../safety/jog-limit';
import { DEFAULT_PROBE, LinkMonitor, QUALITY_WINDOW_MS, STAT_WINDOWS_MS, STATS_CACHE_MS, type ProbeSettings } from './link-monitor';
import type { Classified } from './link-quality';
import { HISTOGRAM_EDGES_MS } from './rtt-series';

/** RTT window of the gate's latency-adaptive limit (p95): the quality window, so limit and quality agree. */
export const GATE_RTT_WINDOW_MS = QUALITY_WINDOW_MS;
/** A jog limit change smaller than this (fraction of full speed) is not worth an event (p95 jitter would flood panels). */
const JOG_EVENT_STEP = 0.05;

/** What link health needs from the engine. */
export interface LinkHealthDeps {
  site: SiteFile;
  bindings: ReadonlyMap<string, readonly TagBinding[]>;
  activeDriver(connectionId: string): Driver | undefined;
  /** Sets or clears the monitor's degraded reason on a connection (one source among several). */
  setDegraded(connectionId: string, reason: DriverError | undefined): void;
  /** Drops a connection that stays silent behind an open socket, so it reconnects. */
  reconnect(connectionId: string, reason: DriverError): void;
  applySamples(samples: Sample[]): void;
  /** The link answers again after a silent spell: has the connection's driver read its values afresh (if it must). */
  refresh?(connectionId: string): void;
  broadcast<N extends EventName>(name: N, body: EventOf<N>): void;
  /** An equipment's quality changed (the command path ends jogs on unsafe/lost). */
  qualityChanged(equipmentId: string, quality: LinkQuality): void;
  now?: () => number;
}

type QualityEvent = EventOf<'link.quality'>;
type JogEvent = EventOf<'jog.limit'>;
type QualityTransition = Pick<QualityEvent, 'quality' | 'since' | 'reason' | 'rttP95Ms' | 'lossPct'>;
/** Quality changes kept per equipment. */
const TRANSITIONS_KEPT = 50;

/** Every connection's monitor and every equipment's link state. */
export class LinkHealth {
  private readonly monitors = new Map<string, LinkMonitor>();
  private readonly probes = new Map<string, ProbeSettings>();
  private readonly qualityEvents = new Map<string, QualityEvent>();
  private readonly jogEvents = new Map<string, JogEvent>();
  /** Each equipment's last quality changes, newest first (so the link page shows them after a reload too). */
  private readonly transitions = new Map<string, QualityTransition[]>();
  private readonly now: () => number;
  /** When this engine began watching its links (wall clock): a link that never answered is lost since then. */
  private readonly watchedSince = Date.now();

  constructor(private readonly deps: LinkHealthDeps) {
    this.now = deps.now ?? steadyNow; // never back: a wall clock stepped back must not make a dead link look answered
    for (const connection of deps.site.connections) {
      const probe = connection.probe ?? DEFAULT_PROBE;
      const equipment = deps.site.equipment.filter((e) => e.connection === connection.id);
      this.probes.set(connection.id, probe);
      const monitor: LinkMonitor = new LinkMonitor({
        connectionId: connection.id,
        equipment: equipment.map((e) => ({ id: e.id, thresholds: e.link })),
        probe,
        now: this.now,
        activeDriver: () => deps.activeDriver(connection.id),
        onSilent: (silent) => this.onSilent(connection.id, probe, silent),
        onStuck: () => deps.reconnect(connection.id, new DriverError('timeout', 'link-silent-reconnect', 'no answer for several probe timeouts behind an open socket; reconnecting')),
        onQuality: (equipmentId, quality) => this.onQuality(connection.id, equipmentId, quality, monitor),
        onEvaluated: () => this.updateJogLimits(connection.id),
      });
      this.monitors.set(connection.id, monitor);
    }
  }

  start(): void {
    for (const m of this.monitors.values()) m.start();
  }

  stop(): void {
    for (const m of this.monitors.values()) m.stop();
  }

  /** The supervisor's onRtt hook: one answered exchange. */
  recordRtt(connectionId: string, ms: number): void {
    this.monitors.get(connectionId)?.recordRtt(ms);
  }

  /** The supervisor's state: up means a live driver (connected or degraded). */
  connectionChanged(connectionId: string, up: boolean): void {
    this.monitors.get(connectionId)?.connectionChanged(up);
  }

  /** Samples on their way to the store: while a link is silent, "bad" becomes stale with the last value kept. */
  filterSamples(connectionId: string, samples: Sample[]): Sample[] {
    return this.monitors.get(connectionId)?.filterSamples(samples) ?? samples;
  }

  /** The gate's view: the equipment's quality (worst on the connection without one) and the RTT p95 behind it. */
  linkOf(connectionId: string, equipmentId?: string): { quality: LinkQuality; rttMs?: number } {
    const monitor = this.monitors.get(connectionId);
    if (!monitor) return { quality: 'lost' };
    const quality = (equipmentId === undefined ? undefined : monitor.quality(equipmentId)?.quality) ?? monitor.worstQuality();
    const rttMs = monitor.series.percentile(0.95, GATE_RTT_WINDOW_MS);
    return rttMs === undefined ? { quality } : { quality, rttMs };
  }

  /** The `link.stats` reply for one or every connection; `brief` computes the shortest window only. */
  stats(connectionId: string | undefined, historySeconds: number, brief = false): LinkStats[] {
    const out: LinkStats[] = [];
    for (const [id, monitor] of this.monitors) {
      if (connectionId !== undefined && id !== connectionId) continue;
      const age = monitor.answerAgeMs();
      const equipment = this.deps.site.equipment.filter((e) => e.connection === id);
      out.push({
        connectionId: id,
        probe: this.probes.get(id) ?? DEFAULT_PROBE,
        silent: monitor.silent,
        ...(age === undefined ? {} : { answerAgeMs: age }),
        counters: { ...monitor.counters },
        histogramEdgesMs: [...HISTOGRAM_EDGES_MS],
        windows: monitor.stats(brief ? STAT_WINDOWS_MS.slice(0, 1) : STAT_WINDOWS_MS),
        history: historySeconds > 0 ? monitor.history.points(historySeconds) : [],
        equipment: equipment.map((e) => ({
          quality: this.qualityEvent(id, e.id, monitor),
          jog: this.jogEvent(id, e.id),
          ...(brief ? {} : { transitions: this.transitions.get(e.id) ?? [] }),
        })),
      });
    }
    return out;
  }

  /** The monitor of a connection (tests and benches read its counters). */
  monitor(connectionId: string): LinkMonitor | undefined {
    return this.monitors.get(connectionId);
  }

  private onSilent(connectionId: string, probe: ProbeSettings, silent: boolean): void {
    if (!silent) {
      this.deps.setDegraded(connectionId, undefined);
      this.deps.refresh?.(connectionId); // values the silence flagged stale, where unchanged values are not re-sent
      return;
    }
    this.deps.setDegraded(connectionId, new DriverError('timeout', 'link-not-answering', `no answer within the ${probe.timeoutMs} ms probe timeout (socket may still be open)`));
    // Every value on the link: stale, last value kept (the store keeps it for a NaN stale marker).
    // Times that leave the link code (sample times, event times) are wall-clock times, as every other engine time.
    const now = Date.now();
    const markers = (this.deps.bindings.get(connectionId) ?? []).map((b) => ({ signalId: b.signalId, value: Number.NaN, quality: Quality.stale, sourceTime: now }));
    this.deps.applySamples(markers);
  }

  private onQuality(connectionId: string, equipmentId: string, quality: Classified, monitor: LinkMonitor): void {
    const event = this.qualityEvent(connectionId, equipmentId, monitor, quality);
    const previous = this.qualityEvents.get(equipmentId);
    this.qualityEvents.set(equipmentId, event);
    if (previous?.quality !== event.quality) this.recordTransition(event);
    this.deps.broadcast('link.quality', event);
    this.deps.qualityChanged(equipmentId, quality.quality);
  }

  private recordTransition(event: QualityEvent): void {
    const { quality, since, reason, rttP95Ms, lossPct } = event;
    const entry: QualityTransition = { quality, since, lossPct, ...(reason ? { reason } : {}), ...(rttP95Ms === undefined ? {} : { rttP95Ms }) };
    this.transitions.set(event.equipmentId, [entry, ...(this.transitions.get(event.equipmentId) ?? [])].slice(0, TRANSITIONS_KEPT));
  }

  private qualityEvent(connectionId: string, equipmentId: string, monitor: LinkMonitor, fresh?: Classified): QualityEvent {
    // Before any word of it, a link is taken as lost since the engine began watching it.
    const known = this.qualityEvents.get(equipmentId) ?? { quality: 'lost' as const, since: this.watchedSince };
    const classified = fresh ?? monitor.quality(equipmentId) ?? { quality: 'lost' as const };
    // Fresh figures for an event; a reply's copy may be up to STATS_CACHE_MS old.
    const stats = monitor.series.stats(QUALITY_WINDOW_MS, fresh ? 0 : STATS_CACHE_MS);
    return {
      equipmentId,
      connectionId,
      quality: classified.quality,
      // Since the level was entered (a wall-clock time: the renderer shows it): a new reason, new figures or a
      // reconnect attempt at the same level leave it; before, every fresh event moved it to now.
      since: known.quality === classified.quality ? known.since : Date.now(),
      ...(classified.reason ? { reason: classified.reason } : {}),
      ...(stats.p95 === undefined ? {} : { rttP95Ms: round(stats.p95) }),
      lossPct: round(stats.lossPct),
    };
  }

  private jogEvent(connectionId: string, equipmentId: string): JogEvent {
    const eq = this.deps.site.equipment.find((e) => e.id === equipmentId);
    const { quality, rttMs } = this.linkOf(connectionId, equipmentId);
    const base = rttMs === undefined ? {} : { rttMs: round(rttMs) };
    if (quality === 'lost' || quality === 'unsafe') {
      return { equipmentId, ...base, fraction: 0, refused: true, reason: { code: `link-${quality}`, text: quality === 'lost' ? 'The link is lost' : 'The link is too slow or lossy for motion' } };
    }
    if (eq && rttMs !== undefined && rttMs > eq.link.rttUnsafeMs) {
      return { equipmentId, ...base, fraction: 0, refused: true, reason: { code: 'rtt-unsafe', text: `Round trip ${Math.round(rttMs)} ms is above the ${eq.link.rttUnsafeMs} ms motion limit` } };
    }
    const fraction = eq && rttMs !== undefined ? stepDown(curveFraction(eq.jog.curve, rttMs)) : 1; // the gate's own stepped limit
    return { equipmentId, ...base, fraction: Math.round(fraction * 1000) / 1000, refused: false };
  }

  private updateJogLimits(connectionId: string): void {
    for (const eq of this.deps.site.equipment) {
      if (eq.connection !== connectionId) continue;
      const next = this.jogEvent(connectionId, eq.id);
      const last = this.jogEvents.get(eq.id);
      if (last && last.refused === next.refused && Math.abs(last.fraction - next.fraction) < JOG_EVENT_STEP && last.reason?.code === next.reason?.code) continue;
      this.jogEvents.set(eq.id, next);
      this.deps.broadcast('jog.limit', next);
    }
  }
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
