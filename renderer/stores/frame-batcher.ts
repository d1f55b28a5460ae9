/** Runs queued work once per animation frame (or soon, where frames do not run), so many updates cost one render. */

type Schedule = (run: () => void) => void;

const defaultSchedule: Schedule = (run) => {
  if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState === 'visible') requestAnimationFrame(run);
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
