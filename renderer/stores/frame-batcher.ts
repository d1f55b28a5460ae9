/** Runs queued work once per animation frame (or soon, where frames do not run), so many updates cost one render. */

type Schedule = (run: () => void) => void;

/** The browser globals used here, looked up at call time (the stores are unit-tested under Node too). */
const browser = globalThis as { requestAnimationFrame?: (run: () => void) => number; document?: { visibilityState: string } };

// A hidden window gets no animation frames; a timer keeps acknowledging so the engine link stays healthy.
const defaultSchedule: Schedule = (run) => {
  if (browser.requestAnimationFrame && browser.document?.visibilityState === 'visible') browser.requestAnimationFrame(run);
  else setTimeout(run, 16);
};

/** Coalesces `request()` calls into one `flush` per frame. */
export class FrameBatcher {
  private scheduled = false;

  constructor(
    private readonly flush: () => void,
    private readonly schedule: Schedule = defaultSchedule,
  ) {}

  request(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      this.flush();
    });
  }
}
