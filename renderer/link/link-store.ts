/**
 * Link health outside React — the one poller of the window: each connection's latest `link.stats` (polled once a
 * second); each equipment's quality and jog limit (`link.quality` / `jog.limit` events, and the polls in case one
 * was missed); its quality transitions (the engine's own list from full polls, plus the events since); and the
 * per-second RTT history the charts draw. History is fetched whole once a view asks for it and then merged from
 * short polls; charts read it imperatively (`history`), React reads the snapshot.
 */
import type { ContractClient } from '../../shared/contract/client';
import type { EventOf } from '../../shared/contract/events';
import type { LinkStats } from '../../shared/contract/requests/link';
import { appendHistory, type RttHistory } from './rtt-history';

type QualityEvent = EventOf<'link.quality'>;
/** An equipment's latency-adaptive jog limit (from `jog.limit` events and the polls). */
export type JogLimit = EventOf<'jog.limit'>;

/** One quality change of an equipment (engine clock). */
export type QualityTransition = Pick<QualityEvent, 'quality' | 'since' | 'reason' | 'rttP95Ms' | 'lossPct'>;

/** The link lab, when this run has one. */
export interface LabInfo {
  profile?: string;
  profiles: string[];
}

/** What the views render from (replaced on change). */
export interface LinkSnapshot {
  /** Latest figures by connection id (without the history points). */
  stats: ReadonlyMap<string, LinkStats>;
  /** Current quality by equipment id. */
  quality: ReadonlyMap<string, QualityEvent>;
  /** Current jog limit by equipment id. */
  jog: ReadonlyMap<string, JogLimit>;
  /** Quality changes by equipment id, newest first (at most TRANSITIONS_KEPT). */
  transitions: ReadonlyMap<string, readonly QualityTransition[]>;
  lab?: LabInfo;
  /** Why the last poll failed, if it did. */
  pollError?: string;
  /**
   * Set while the engine has said nothing of its links (no poll answered, no event) for over LINK_SILENT_MS: how long
   * (ms, whole seconds). The figures above are then old: views show them as not known rather than as still good.
   */
  silentMs?: number;
  /** No engine to ask (the engine link is down, or not up yet): nothing of the links is known. */
  noEngine?: true;
}

const POLL_MS = 1000;
/** No word of the links for this long (three polls): their last figures are no longer shown as current. */
export const LINK_SILENT_MS = 3000;
/** Seconds of history the chart shows (the engine keeps 600). */
export const HISTORY_SECONDS = 600;
/** Seconds asked for once the whole history is here: enough to bridge a late poll. */
const CATCH_UP_SECONDS = 10;
const TRANSITIONS_KEPT = 50;
const EMPTY: LinkSnapshot = { stats: new Map(), quality: new Map(), jog: new Map(), transitions: new Map() };

/** Polls and holds link health for the header and the link page. */
export class LinkStore {
  private snapshot: LinkSnapshot = EMPTY;
  private readonly listeners = new Set<() => void>();
  private readonly histories = new Map<string, RttHistory>();
  private historyViews = 0;
  private historyComplete = false;
  private detach: (() => void) | undefined;
  /** When the engine last said something of its links (monotonic ms); undefined before the first word. */
  private heardAt: number | undefined;

  /** `clock` is monotonic (ms): a step of the wall clock never makes figures look old or new. */
  constructor(private readonly clock: () => number = () => performance.now()) {}

  getSnapshot = (): LinkSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The per-second history of a connection (the chart's columns; mutated in place on each poll). */
  history(connectionId: string): RttHistory | undefined {
    return this.histories.get(connectionId);
  }

  /** A view that draws history calls this while mounted; returns its release. */
  wantHistory(): () => void {
    this.historyViews++;
    return () => {
      // Unwatched history is not kept up to date: the next view fetches it whole again.
      if (--this.historyViews === 0) this.historyComplete = false;
    };
  }

  /** Binds to a new engine client (undefined while the engine link is down); forgets the old engine's figures. */
  attach(client: ContractClient | undefined): void {
    this.detach?.();
    this.detach = undefined;
    this.histories.clear();
    this.historyComplete = false;
    this.heardAt = undefined;
    this.update(client ? EMPTY : { ...EMPTY, noEngine: true });
    if (!client) return;
    const offQuality = client.on('link.quality', (event) => this.recordQuality(event));
    const offJog = client.on('jog.limit', (event) => this.recordJog(event));
    let busy = false;
    const poll = async () => {
      if (busy) return;
      busy = true;
      try {
        await this.poll(client);
      } finally {
        busy = false;
      }
    };
    const timer = setInterval(() => {
      this.checkSilence();
      void poll();
    }, POLL_MS);
    void poll();
    this.detach = () => {
      offQuality();
      offJog();
      clearInterval(timer);
    };
  }

  /**
   * Marks the figures silent once the engine has said nothing of its links for LINK_SILENT_MS (a stalled engine or
   * socket: a poll that hangs, or fails, while events stop); called every poll period.
   */
  checkSilence(): void {
    if (this.heardAt === undefined) return;
    const silent = this.clock() - this.heardAt;
    if (silent <= LINK_SILENT_MS) return;
    const silentMs = Math.floor(silent / 1000) * 1000;
    if (silentMs !== this.snapshot.silentMs) this.update({ ...this.snapshot, silentMs });
  }

  /** The engine said something of its links: its figures are current again. */
  private heard(): void {
    this.heardAt = this.clock();
    if (this.snapshot.silentMs !== undefined) {
      const { silentMs: _cleared, ...rest } = this.snapshot;
      this.snapshot = rest;
    }
  }

  /** Applies one quality event (also the polled qualities); records a transition when the level changed. */
  recordQuality(event: QualityEvent): void {
    this.heard();
    const quality = new Map(this.snapshot.quality);
    quality.set(event.equipmentId, event);
    const list = this.snapshot.transitions.get(event.equipmentId) ?? [];
    if (list[0]?.quality === event.quality) return this.update({ ...this.snapshot, quality });
    const transitions = new Map(this.snapshot.transitions);
    const { quality: level, since, reason, rttP95Ms, lossPct } = event;
    transitions.set(event.equipmentId, [{ quality: level, since, lossPct, ...(reason ? { reason } : {}), ...(rttP95Ms === undefined ? {} : { rttP95Ms }) }, ...list].slice(0, TRANSITIONS_KEPT));
    this.update({ ...this.snapshot, quality, transitions });
  }

  /** Applies one jog-limit event (also the polled limits). */
  recordJog(event: JogLimit): void {
    this.heard();
    const jog = new Map(this.snapshot.jog);
    jog.set(event.equipmentId, event);
    this.update({ ...this.snapshot, jog });
  }

  private async poll(client: ContractClient): Promise<void> {
    const viewed = this.historyViews > 0;
    const wholeHistory = viewed && !this.historyComplete;
    const historySeconds = !viewed ? 0 : wholeHistory ? HISTORY_SECONDS : CATCH_UP_SECONDS;
    // With the link page open every poll asks for every window (each is one pass over its fixed bins in the engine):
    // longer windows that came only every few polls lagged the 10 s one, and could show fewer samples than it.
    const full = viewed;
    let reply;
    try {
      reply = await client.request('link.stats', { historySeconds, brief: !full });
    } catch (error) {
      return this.update({ ...this.snapshot, pollError: error instanceof Error ? error.message : String(error) });
    }
    this.heard();
    if (wholeHistory) {
      this.historyComplete = true;
      this.histories.clear();
    }
    const stats = new Map<string, LinkStats>();
    for (const link of reply.links) {
      if (historySeconds > 0) {
        let history = this.histories.get(link.connectionId);
        if (!history) this.histories.set(link.connectionId, (history = { at: [], p50: [], p95: [], max: [] }));
        appendHistory(history, link.history, HISTORY_SECONDS);
      }
      // A brief reply refreshes the 10 s window; the longer ones stay as the last full reply gave them.
      const longer = full ? [] : (this.snapshot.stats.get(link.connectionId)?.windows.slice(link.windows.length) ?? []);
      stats.set(link.connectionId, { ...link, windows: [...link.windows, ...longer], history: [] });
    }
    const { pollError: _cleared, ...rest } = this.snapshot;
    this.update({ ...rest, stats, ...(reply.lab ? { lab: reply.lab } : {}) });
    for (const link of reply.links) {
      for (const { quality, jog, transitions } of link.equipment) {
        // A full reply carries the engine's own list of changes: it outlives this window (a reload keeps it).
        if (transitions) this.setTransitions(quality.equipmentId, transitions);
        this.recordQuality(quality);
        this.recordJog(jog);
      }
    }
  }

  private setTransitions(equipmentId: string, list: readonly QualityTransition[]): void {
    const transitions = new Map(this.snapshot.transitions);
    transitions.set(equipmentId, list.slice(0, TRANSITIONS_KEPT));
    this.update({ ...this.snapshot, transitions });
  }

  private update(next: LinkSnapshot): void {
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }
}
