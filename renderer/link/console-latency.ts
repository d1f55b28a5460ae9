/**
 * Console-side latency: how long telemetry frames take from the engine to this window (delivery), and how old the
 * newest frame on screen is. A frame carries its engine send time (`engineTime`, stamped as it is sent); arrival is
 * local. Kept as apparent delays (arrival − engine time); the clock offset is subtracted when figures are read, so
 * frames that arrived before the first clock estimate still count.
 */

/** Delivery p50/p95 over recent frames, and the newest shown frame's age (ms); undefined while unknown. */
export interface ConsoleLatencyFigures {
  deliveryP50Ms?: number;
  deliveryP95Ms?: number;
  /** Frames the percentiles are taken over. */
  samples: number;
  newestFrameAgeMs?: number;
}

/** Recent frame deliveries in a ring (bounded by count and by age). */
export class ConsoleLatency {
  private readonly apparent: Float64Array;
  private readonly arrivedAt: Float64Array;
  private readonly scratch: Float64Array;
  private count = 0;
  private next = 0;
  private newestShown: number | undefined;

  constructor(
    capacity = 1024,
    /** Only frames that arrived within this window count. */
    private readonly windowMs = 10_000,
  ) {
    this.apparent = new Float64Array(capacity);
    this.arrivedAt = new Float64Array(capacity);
    this.scratch = new Float64Array(capacity);
  }

  /** A frame stamped `engineTime` (engine clock) arrived at local time `arrivedAt`. */
  arrived(engineTime: number, arrivedAt: number): void {
    if (!Number.isFinite(engineTime)) return;
    this.apparent[this.next] = arrivedAt - engineTime;
    this.arrivedAt[this.next] = arrivedAt;
    this.next = (this.next + 1) % this.apparent.length;
    this.count = Math.min(this.count + 1, this.apparent.length);
  }

  /** The frame stamped `engineTime` is now on screen (its values were handed to the views). */
  shown(engineTime: number): void {
    if (this.newestShown === undefined || engineTime > this.newestShown) this.newestShown = engineTime;
  }

  /** Forgets everything (a new engine link). */
  reset(): void {
    this.count = 0;
    this.next = 0;
    this.newestShown = undefined;
  }

  /** The figures at local time `now`, with `offsetMs` = local minus engine clock (undefined: not yet known). */
  figures(now: number, offsetMs: number | undefined): ConsoleLatencyFigures {
    if (offsetMs === undefined) return { samples: 0 };
    let n = 0;
    for (let i = 0; i < this.count; i++) {
      if (now - (this.arrivedAt[i] as number) <= this.windowMs) this.scratch[n++] = Math.max(0, (this.apparent[i] as number) - offsetMs);
    }
    const sorted = this.scratch.subarray(0, n).sort();
    const out: ConsoleLatencyFigures = { samples: n };
    if (n > 0) {
      out.deliveryP50Ms = nearestRank(sorted, 0.5);
      out.deliveryP95Ms = nearestRank(sorted, 0.95);
    }
    if (this.newestShown !== undefined) out.newestFrameAgeMs = Math.max(0, now - offsetMs - this.newestShown);
    return out;
  }
}

function nearestRank(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number;
}
