/** One point per second for charts (10 minutes): p50, p95, max RTT and loss, in fixed typed rings. */
import type { WindowStats } from './rtt-series';

/** Seconds of history kept. */
export const HISTORY_SECONDS = 600;

/** A chart point; RTT fields are null in a second without answers. */
export interface HistoryPoint {
  at: number;
  p50: number | null;
  p95: number | null;
  max: number | null;
  lossPct: number;
}

/** The per-second ring. */
export class RttHistory {
  private readonly at = new Float64Array(HISTORY_SECONDS);
  private readonly p50 = new Float32Array(HISTORY_SECONDS);
  private readonly p95 = new Float32Array(HISTORY_SECONDS);
  private readonly max = new Float32Array(HISTORY_SECONDS);
  private readonly loss = new Float32Array(HISTORY_SECONDS);
  private next = 0;
  private count = 0;

  /** Adds the last second's figures. */
  push(at: number, s: WindowStats): void {
    const i = this.next;
    this.at[i] = at;
    this.p50[i] = s.p50 ?? Number.NaN;
    this.p95[i] = s.p95 ?? Number.NaN;
    this.max[i] = s.max ?? Number.NaN;
    this.loss[i] = s.lossPct;
    this.next = (i + 1) % HISTORY_SECONDS;
    this.count = Math.min(HISTORY_SECONDS, this.count + 1);
  }

  /** The newest `limit` points, oldest first. */
  points(limit = HISTORY_SECONDS): HistoryPoint[] {
    const n = Math.min(limit, this.count);
    const out: HistoryPoint[] = [];
    for (let k = n; k > 0; k--) {
      const i = (this.next - k + HISTORY_SECONDS) % HISTORY_SECONDS;
      out.push({ at: this.at[i] as number, p50: num(this.p50[i]), p95: num(this.p95[i]), max: num(this.max[i]), lossPct: round(this.loss[i] as number) });
    }
    return out;
  }
}

function num(v: number | undefined): number | null {
  return v === undefined || Number.isNaN(v) ? null : round(v);
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
