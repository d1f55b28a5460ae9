/**
 * The engine's clock as seen from this window: offset = lowest (arrival − frame engineTime) over recent frames,
 * i.e. the clock difference plus the quickest recent delivery, so ages are never inflated by one slow frame.
 */
const WINDOW = 32;

/** Engine clock offset estimate. */
export class ClockOffset {
  private readonly samples: number[] = [];
  private next = 0;
  /** Local minus engine time, in ms (0 until the first frame). */
  offset = 0;

  /** Records one frame's engine time and its local arrival time. */
  observe(engineTime: number, arrivedAt: number): void {
    this.samples[this.next] = arrivedAt - engineTime;
    this.next = (this.next + 1) % WINDOW;
    this.offset = Math.min(...this.samples);
  }

  /** The engine time corresponding to local time `local`. */
  toEngine(local: number): number {
    return local - this.offset;
  }
}
