/**
 * Link quality of one equipment from its site thresholds, with hysteresis: a worse level applies at once (safety
 * first), a better one only after the figures stayed inside a tighter band (thresholds × EXIT_MARGIN) for `recoverMs`.
 * That is what keeps a link whose p95 sits on a threshold from flapping.
 */
import type { LinkQuality } from '../safety/gate';
import type { WindowStats } from './rtt-series';

/** The thresholds the site file sets per equipment (shared/site/schema.ts LinkThresholds). */
export interface QualityThresholds {
  rttDegradedMs: number;
  rttUnsafeMs: number;
  jitterDegradedMs: number;
  lossDegradedPct: number;
  lossUnsafePct: number;
  survivalMs: number;
}

/** What the classification looks at. */
export interface LinkFigures {
  /** Short-window statistics (the quality window). */
  stats: WindowStats;
  /** How long an outstanding probe has waited with no answer on the link at all, ms (the acknowledgement age). */
  waitingMs: number;
  /** False until the first answer since connecting. */
  answered: boolean;
  /** True while the connection has a live driver (connected or degraded). */
  up: boolean;
  /** True while the monitor holds the link silent (probes unanswered past their timeout). */
  silent: boolean;
}

const RANK: Record<LinkQuality, number> = { good: 0, degraded: 1, unsafe: 2, lost: 3 };
/** Loss is judged only over at least this many probes (a young window's one timeout is not 10 % loss). */
export const MIN_LOSS_PROBES = 20;

/**
 * The window loss is judged over, for a probe period: the quality window, or longer when the period would not fill
 * it with MIN_LOSS_PROBES (with a quarter to spare). A 300 ms period puts 16 probes in 5 s, so loss was never judged.
 */
export function lossWindowMs(periodMs: number, qualityWindowMs: number): number {
  return Math.max(qualityWindowMs, Math.ceil((MIN_LOSS_PROBES * 1.25 * periodMs) / 1000) * 1000);
}
/** Leaving a level needs the figures below this fraction of its threshold. */
export const EXIT_MARGIN = 0.8;

/** A level and the reason for it. */
export interface Classified {
  quality: LinkQuality;
  reason?: { code: string; text: string };
}

/** The level the figures call for; `margin` scales the thresholds (1 to enter, EXIT_MARGIN to leave). */
export function classify(f: LinkFigures, t: QualityThresholds, margin = 1): Classified {
  if (!f.up) return { quality: 'lost', reason: { code: 'link-down', text: 'The connection is down' } };
  if (!f.answered) return { quality: 'lost', reason: { code: 'no-answer-yet', text: 'The device has not answered yet' } };
  if (f.silent) return { quality: 'lost', reason: { code: 'not-answering', text: 'The device does not answer' } };
  if (f.waitingMs > t.survivalMs) {
    return { quality: 'lost', reason: { code: 'no-answer', text: `No answer for ${Math.round(f.waitingMs)} ms (survival ${t.survivalMs} ms)` } };
  }
  const { p95, jitter } = f.stats;
  const lossPct = f.stats.probesSent >= MIN_LOSS_PROBES ? f.stats.lossPct : 0;
  if (p95 !== undefined && p95 > t.rttUnsafeMs * margin) return { quality: 'unsafe', reason: { code: 'rtt-unsafe', text: `RTT p95 ${Math.round(p95)} ms above ${t.rttUnsafeMs} ms` } };
  if (lossPct >= t.lossUnsafePct * margin && lossPct > 0) return { quality: 'unsafe', reason: { code: 'loss-unsafe', text: `Loss ${lossPct.toFixed(1)} % at or above ${t.lossUnsafePct} %` } };
  if (p95 !== undefined && p95 > t.rttDegradedMs * margin) return { quality: 'degraded', reason: { code: 'rtt-degraded', text: `RTT p95 ${Math.round(p95)} ms above ${t.rttDegradedMs} ms` } };
  if (jitter !== undefined && jitter > t.jitterDegradedMs * margin) return { quality: 'degraded', reason: { code: 'jitter', text: `Jitter ${Math.round(jitter)} ms above ${t.jitterDegradedMs} ms` } };
  if (lossPct >= t.lossDegradedPct * margin && lossPct > 0) return { quality: 'degraded', reason: { code: 'loss', text: `Loss ${lossPct.toFixed(1)} % at or above ${t.lossDegradedPct} %` } };
  return { quality: 'good' };
}

/** The hysteresis state of one equipment's quality. */
export class QualityHysteresis {
  private current: Classified = { quality: 'lost', reason: { code: 'link-down', text: 'Not connected yet' } };
  private betterSince: number | undefined;
  /** Set on a new connection: the first answered evaluation takes the level the figures call for at once. */
  private fresh = true;
  /** Number of level changes so far (for flapping checks). */
  transitions = 0;

  constructor(
    private readonly thresholds: QualityThresholds,
    private readonly recoverMs: number,
  ) {}

  get value(): Classified {
    return this.current;
  }

  /** Starts afresh (a new connection): the next evaluation takes the level the figures call for at once. */
  reset(): void {
    this.fresh = true;
  }

  /** Evaluates at `now`; returns the new level when it changed. */
  update(f: LinkFigures, now: number): Classified | undefined {
    const enter = classify(f, this.thresholds);
    if (this.fresh) {
      if (f.up && f.answered) this.fresh = false;
      return this.set(enter);
    }
    if (RANK[enter.quality] > RANK[this.current.quality]) return this.set(enter);
    if (RANK[enter.quality] === RANK[this.current.quality] && enter.reason?.code !== this.current.reason?.code && enter.quality !== 'good') {
      this.current = enter; // same level, newer reason: not a transition
    }
    const exit = classify(f, this.thresholds, EXIT_MARGIN);
    if (RANK[exit.quality] >= RANK[this.current.quality]) {
      this.betterSince = undefined;
      return undefined;
    }
    this.betterSince ??= now;
    if (now - this.betterSince < this.recoverMs) return undefined;
    return this.set(exit);
  }

  private set(next: Classified): Classified | undefined {
    this.betterSince = undefined;
    if (next.quality === this.current.quality) {
      this.current = next;
      return undefined;
    }
    this.current = next;
    this.transitions++;
    return next;
  }
}
