/**
 * The latency monitor of one connection: a cheap periodic probe (timeouts count as loss) plus the RTT of ordinary
 * traffic, window statistics, per-second history, and the quality of every equipment on the connection.
 * "Connected means answered": a probe left unanswered past its timeout makes the link silent at once, whatever the
 * socket says; only a real answer ends the silence.
 */
import { steadyNow } from '../steady-clock';
import type { LinkQuality } from '../safety/gate';
import type { Driver, Sample } from '../drivers/driver';
import { Quality } from '../../../shared/contract/telemetry';
import { lossWindowMs, QualityHysteresis, type Classified, type QualityThresholds } from './link-quality';
import { RttHistory } from './rtt-history';
import { RttSeries, type WindowStats } from './rtt-series';

/** Probe timing of one connection (site file `probe`, else defaults). */
export interface ProbeSettings {
  periodMs: number;
  timeoutMs: number;
}

/**
 * Default probe: 10 Hz; an answer is late (lost) after 400 ms, so a silent link is called within 0.5 s (inside a
 * typical 500 ms device survival time) while a 4G retransmission stall (~300 ms) is not yet a loss.
 */
export const DEFAULT_PROBE: ProbeSettings = { periodMs: 100, timeoutMs: 400 };
/** Windows reported by `link.stats`. */
export const STAT_WINDOWS_MS = [10_000, 60_000, 600_000] as const;
/** `link.stats` figures are recomputed at most this often: many polling clients cost no more than one. */
export const STATS_CACHE_MS = 250;
/** Window the quality is judged on: the same short window as the gate's jog limit, so both agree. */
export const QUALITY_WINDOW_MS = 5_000;
/** How long figures must stay inside the tighter band before the quality improves. */
export const RECOVER_MS = 5_000;

/** An equipment on this connection, as the monitor judges it. */
export interface MonitoredEquipment {
  id: string;
  thresholds: QualityThresholds;
}

/** What the monitor needs from the engine. */
export interface LinkMonitorOptions {
  connectionId: string;
  equipment: readonly MonitoredEquipment[];
  probe: ProbeSettings;
  /** The live driver (connected or degraded), else undefined. */
  activeDriver(): Driver | undefined;
  /** The link went silent (true) or answered again (false). */
  onSilent(silent: boolean): void;
  /** Silent for `reconnectAfterMs` on one connection: drop it and connect afresh (a dead socket may look open). */
  onStuck?(): void;
  /** Default: max(3 s, 5 probe timeouts). */
  reconnectAfterMs?: number;
  /** An equipment's quality changed. */
  onQuality(equipmentId: string, quality: Classified): void;
  /** Evaluated once per probe period, after the qualities (jog limits follow from here). */
  onEvaluated?(): void;
  now?: () => number;
}

/** The probe in flight. */
interface Probe {
  sentAt: number;
  /** When the driver put it on the wire (undefined while it waits in the driver's queue). */
  onWireAt: number | undefined;
  timedOut: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** Monitors one connection. */
export class LinkMonitor {
  readonly series: RttSeries;
  readonly history = new RttHistory();
  private readonly qualities = new Map<string, QualityHysteresis>();
  private readonly now: () => number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private inFlight: Probe | undefined;
  private lastAnswerAt: number | undefined;
  private lastHistoryAt = 0;
  private up = false;
  private silentNow = false;
  /** Sent time of the oldest probe that failed with no answer since (an error is not an answer either). */
  private failingSince: number | undefined;
  /** When the current silence began on the current connection (reset by a reconnect). */
  private silentSince = 0;
  /** Probes sent, answered in time, lost (whole run). */
  readonly counters = { probes: 0, answered: 0, lost: 0, silences: 0, reconnects: 0 };

  /** The window loss is judged over (longer than the quality window for a slow probe period). */
  private readonly lossWindowMs: number;

  constructor(private readonly options: LinkMonitorOptions) {
    this.lossWindowMs = lossWindowMs(options.probe.periodMs, QUALITY_WINDOW_MS);
    this.now = options.now ?? steadyNow;
    this.series = new RttSeries(this.now);
    for (const eq of options.equipment) this.qualities.set(eq.id, new QualityHysteresis(eq.thresholds, RECOVER_MS));
  }

  get silent(): boolean {
    return this.silentNow;
  }

  start(): void {
    this.timer ??= setInterval(() => this.tick(), this.options.probe.periodMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** An answered exchange (probe or traffic) and its RTT: the link answers. */
  recordRtt(ms: number): void {
    this.series.recordRtt(ms);
    const first = this.lastAnswerAt === undefined;
    this.lastAnswerAt = this.now();
    this.failingSince = undefined;
    if (this.silentNow) this.setSilent(false);
    else if (first && this.up) this.evaluate();
  }

  /** The supervisor's state changed: a new connection starts the qualities afresh; a dead one is lost at once. */
  connectionChanged(up: boolean): void {
    if (up === this.up) return;
    this.up = up;
    this.inFlight = undefined;
    this.failingSince = undefined;
    // Answers during connect/start (the first scan) count; those of a dead connection do not.
    if (up) for (const q of this.qualities.values()) q.reset();
    else this.lastAnswerAt = undefined;
    this.silentSince = this.now(); // a new connection gets its own chance to answer
    this.evaluate();
  }

  /** While silent, a driver's "bad" samples become stale markers, so every value keeps its last reading. */
  filterSamples(samples: Sample[]): Sample[] {
    if (!this.silentNow) return samples;
    return samples.map((s) => (s.quality === Quality.bad ? { signalId: s.signalId, value: Number.NaN, quality: Quality.stale, sourceTime: s.sourceTime } : s));
  }

  /** The quality of one equipment on this connection. */
  quality(equipmentId: string): Classified | undefined {
    return this.qualities.get(equipmentId)?.value;
  }

  /** Worst quality of the connection's equipment. */
  worstQuality(): LinkQuality {
    const order: LinkQuality[] = ['good', 'degraded', 'unsafe', 'lost'];
    let worst = 0;
    for (const q of this.qualities.values()) worst = Math.max(worst, order.indexOf(q.value.quality));
    return order[worst] as LinkQuality;
  }

  /** Level changes so far per equipment (flapping checks). */
  transitions(equipmentId: string): number {
    return this.qualities.get(equipmentId)?.transitions ?? 0;
  }

  /** Statistics of the standard windows (or of `windows`), at most STATS_CACHE_MS old. */
  stats(windows: readonly number[] = STAT_WINDOWS_MS): WindowStats[] {
    return windows.map((w) => this.series.stats(w, STATS_CACHE_MS));
  }

  /** Milliseconds since the last answer (undefined: none since connecting). */
  answerAgeMs(): number | undefined {
    return this.lastAnswerAt === undefined ? undefined : this.now() - this.lastAnswerAt;
  }

  /** How long the outstanding probe has waited with no answer of any kind since it went out (0: none waiting). */
  waitingMs(now = this.now()): number {
    const pending = this.inFlight;
    if (!pending || (this.lastAnswerAt !== undefined && this.lastAnswerAt >= pending.sentAt)) return 0;
    return now - pending.sentAt;
  }

  private tick(): void {
    const now = this.now();
    const driver = this.options.activeDriver();
    if (driver && this.up) this.probe(driver, now);
    // Probes that fail fast (socket errors) for a whole timeout: as silent as probes that never return.
    if (this.up && !this.silentNow && this.failingSince !== undefined && now - this.failingSince >= this.options.probe.timeoutMs) this.setSilent(true);
    const stuckAfter = this.options.reconnectAfterMs ?? Math.max(3_000, 5 * this.options.probe.timeoutMs);
    if (this.silentNow && this.up && now - this.silentSince >= stuckAfter) {
      this.silentSince = now;
      this.counters.reconnects++;
      this.options.onStuck?.();
    }
    this.evaluate();
    if (now - this.lastHistoryAt >= 1_000) {
      this.lastHistoryAt = now;
      this.history.push(Date.now(), this.series.stats(1_000)); // a wall-clock time: the link page's chart shows it
    }
  }

  private probe(driver: Driver, now: number): void {
    const pending = this.inFlight;
    if (pending) {
      // Still waiting: each period past the timeout is one more unanswered interval — until the link is called
      // silent; after that the outage is the state, not loss (so a short outage does not weigh for a whole window).
      if (pending.timedOut && !this.silentNow) {
        this.lose();
        // It timed out while other answers still came in: once none has come for a whole timeout, the link is silent
        // (nothing else would say so: no new probe goes out while this one waits).
        if (this.up && (this.lastAnswerAt === undefined || now - this.lastAnswerAt >= this.options.probe.timeoutMs)) this.setSilent(true);
      }
      return;
    }
    const probe: Probe = { sentAt: now, onWireAt: undefined, timedOut: false, timer: undefined };
    this.inFlight = probe;
    this.counters.probes++;
    this.armTimeout(probe, this.options.probe.timeoutMs);
    // The driver reports the probe's RTT through recordRtt itself; here only the outcome counts.
    driver.probe((agoMs) => (probe.onWireAt = this.now() - agoMs)).then(
      () => this.settle(probe, true),
      () => this.settle(probe, false),
    );
  }

  private armTimeout(probe: Probe, ms: number): void {
    probe.timer = setTimeout(() => this.expire(probe), Math.max(1, ms));
    probe.timer.unref?.();
  }

  /**
   * A probe's time is up. If the link answered something within the last timeout and the probe itself has not been
   * on the wire that long, it is only waiting behind our own traffic (on a slow link, heartbeats and jogs keep the
   * control lane busy): not a loss — look again when either stops being true. Otherwise it is lost, and with no
   * answer of any kind within the timeout the link is silent, whatever the socket says.
   */
  private expire(probe: Probe): void {
    if (this.inFlight !== probe) return;
    const now = this.now();
    const timeoutMs = this.options.probe.timeoutMs;
    const answeredLately = this.lastAnswerAt !== undefined && now - this.lastAnswerAt < timeoutMs;
    const onWireFor = probe.onWireAt === undefined ? 0 : now - probe.onWireAt;
    if (answeredLately && onWireFor < timeoutMs) {
      const lately = (this.lastAnswerAt as number) + timeoutMs - now;
      return this.armTimeout(probe, probe.onWireAt === undefined ? lately : Math.min(lately, timeoutMs - onWireFor));
    }
    probe.timedOut = true;
    if (this.silentNow) return; // already called silent: the outage is the state, not more loss
    this.lose();
    if (this.up && !answeredLately) this.setSilent(true);
  }

  private settle(probe: Probe, answered: boolean): void {
    clearTimeout(probe.timer);
    // Sent on a connection that has since gone (connectionChanged cleared it): the drop is the state, not loss —
    // counting it would leave one "lost" probe in the window that degrades the fresh connection.
    if (this.inFlight !== probe) return;
    this.inFlight = undefined;
    if (probe.timedOut) return; // already counted lost
    if (answered) {
      this.counters.answered++;
      this.series.recordProbe(true);
    } else {
      if (this.lastAnswerAt === undefined || this.lastAnswerAt < probe.sentAt) this.failingSince ??= probe.sentAt;
      if (!this.silentNow) this.lose(); // a failed probe is lost, unless the link is already called silent (the outage is the state)
    }
  }

  private lose(): void {
    this.counters.lost++;
    this.series.recordProbe(false);
  }

  private setSilent(silent: boolean): void {
    if (silent === this.silentNow) return;
    this.silentNow = silent;
    if (silent) {
      this.counters.silences++;
      this.silentSince = this.now();
    }
    this.options.onSilent(silent);
    this.evaluate();
  }

  private evaluate(): void {
    const now = this.now();
    const stats = this.series.stats(QUALITY_WINDOW_MS);
    // Loss over a window that holds enough probes for the period (the same window for the usual 100 ms period).
    const loss = this.lossWindowMs === QUALITY_WINDOW_MS ? stats : this.series.stats(this.lossWindowMs);
    const figures = { stats: { ...stats, probesSent: loss.probesSent, probesLost: loss.probesLost, lossPct: loss.lossPct }, waitingMs: this.waitingMs(now), answered: this.lastAnswerAt !== undefined, up: this.up, silent: this.silentNow };
    for (const [id, q] of this.qualities) {
      const changed = q.update(figures, now);
      if (changed) this.options.onQuality(id, changed);
    }
    this.options.onEvaluated?.();
  }
}
