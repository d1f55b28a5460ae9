/**
 * The engine's clock offset from request round trips (NTP-style), independent of telemetry: offset = midpoint of the
 * local send and receive times minus the engine's reply time. The sample with the shortest round trip among the
 * recent ones wins; half its round trip bounds the error. Delivery times of frames need this, not the frame-minimum
 * estimate the value ages use (that one hides the quickest delivery inside the offset).
 */
const WINDOW = 8;

interface Sample {
  offsetMs: number;
  roundTripMs: number;
}

/** Engine clock offset from `link.clock` round trips. */
export class ClockSync {
  private readonly samples: Sample[] = [];
  private next = 0;
  private best: Sample | undefined;

  /** Records one exchange: request sent at `sentAt`, reply (engine time `engineTime`) received at `receivedAt`, local ms. */
  observe(sentAt: number, engineTime: number, receivedAt: number): void {
    if (!(receivedAt >= sentAt) || !Number.isFinite(engineTime)) return;
    this.samples[this.next] = { offsetMs: (sentAt + receivedAt) / 2 - engineTime, roundTripMs: receivedAt - sentAt };
    this.next = (this.next + 1) % WINDOW;
    this.best = this.samples.reduce((a, b) => (b.roundTripMs < a.roundTripMs ? b : a));
  }

  /** Local minus engine time, ms; undefined before the first exchange. */
  get offsetMs(): number | undefined {
    return this.best?.offsetMs;
  }

  /** Error bound of the offset (half the best round trip), ms. */
  get uncertaintyMs(): number | undefined {
    return this.best === undefined ? undefined : this.best.roundTripMs / 2;
  }

  /** Forgets every sample (a new engine link may be a new engine, with another clock). */
  reset(): void {
    this.samples.length = 0;
    this.next = 0;
    this.best = undefined;
  }
}
