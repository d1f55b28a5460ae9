/**
 * What the stop's result notice shows, press by press. Presses may overlap (the operator presses again while the first
 * is still out): only the newest press's answers are shown, and the auto-close of a fully confirmed stop belongs to
 * the press that armed it — an older press resolving late must neither overwrite a newer press's answers nor close a
 * newer "stop NOT confirmed" notice. Pure (no React), so the rules are tested without a DOM; StopButton renders it.
 */

/** What the notice shows: nothing, the newest press on its way, or that press's answers. */
export type NoticeState<R> = R[] | 'sending' | null;

/** Timers, injectable for tests (fake timers work too). */
export interface NoticeTimers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: NoticeTimers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The notice's state across presses. */
export class StopNotice<R> {
  private latest = 0;
  private closeTimer: unknown;

  constructor(
    /** Called with every change of what the notice shows. */
    private readonly show: (state: NoticeState<R>) => void,
    /** How long a notice of a fully confirmed stop stays up (anything else stays until closed). */
    private readonly okNoticeMs: number,
    private readonly timers: NoticeTimers = realTimers,
  ) {}

  /** A new press: shows it on its way and returns its number, to hand back with its answers. */
  press(): number {
    this.latest += 1;
    this.cancelClose();
    this.show('sending');
    return this.latest;
  }

  /**
   * The answers of press `press`; `allConfirmed` lets the notice close by itself. Returns false (and changes nothing)
   * for a press a newer one has replaced.
   */
  answered(press: number, results: R[], allConfirmed: boolean): boolean {
    if (press !== this.latest) return false;
    this.cancelClose(); // whatever timer ran belongs to what was shown before these answers
    this.show(results);
    if (allConfirmed) {
      this.closeTimer = this.timers.set(() => {
        this.closeTimer = undefined;
        if (press === this.latest) this.show(null);
      }, this.okNoticeMs);
    }
    return true;
  }

  /** The operator closed the notice. */
  close(): void {
    this.cancelClose();
    this.show(null);
  }

  /** The button went away: no timer may fire into it. */
  dispose(): void {
    this.cancelClose();
  }

  private cancelClose(): void {
    if (this.closeTimer !== undefined) this.timers.clear(this.closeTimer);
    this.closeTimer = undefined;
  }
}
