/**
 * What the stop's result notice shows, press by press. Presses may overlap (the operator presses again while the first
 * is still out) and need not reach the same equipment (every one from the overview, the one in view from its page), so
 * answers are kept per equipment: an equipment's answer from a newer press replaces an older press's, never the other
 * way round, and an older press's answers for equipment the newer one did not reach are shown too (a "stop NOT
 * confirmed" must never be lost because another press went out meanwhile). The notice closes by itself only when every
 * answer shown is a confirmed stop and no press is still out; anything else stays until closed. Pure (no React), so the
 * rules are tested without a DOM; StopButton renders it.
 */

/** What the notice shows: nothing, a press on its way (no answer yet), or the answers (empty: nothing to send to). */
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

/** The notice's state across presses; `R` is one equipment's answer. */
export class StopNotice<R extends { id: string }> {
  private latest = 0;
  /** Presses sent and not answered yet. */
  private readonly out = new Set<number>();
  /** The answer shown per equipment, with the press it came from. */
  private readonly shown = new Map<string, { press: number; result: R }>();
  /** A press answered with nothing to send to (and nothing else shown). */
  private nothingToSend = false;
  private closeTimer: unknown;

  constructor(
    /** Called with every change of what the notice shows. */
    private readonly show: (state: NoticeState<R>) => void,
    /** Whether an answer is a confirmed (and recorded) stop. */
    private readonly confirmed: (result: R) => boolean,
    /** How long a notice of confirmed stops only stays up. */
    private readonly okNoticeMs: number,
    private readonly timers: NoticeTimers = realTimers,
  ) {}

  /** A new press: shown on its way (the answers already shown stay); returns its number, to hand back with its answers. */
  press(): number {
    this.latest += 1;
    this.out.add(this.latest);
    this.cancelClose();
    if (this.shown.size === 0) this.show('sending');
    return this.latest;
  }

  /** The answers of press `press`, merged per equipment (a newer press's answer for an equipment wins). */
  answered(press: number, results: readonly R[]): void {
    this.out.delete(press);
    this.cancelClose();
    for (const result of results) {
      const kept = this.shown.get(result.id);
      if (!kept || kept.press <= press) this.shown.set(result.id, { press, result });
    }
    this.nothingToSend = results.length === 0 && this.shown.size === 0;
    this.render();
    const answers = [...this.shown.values()];
    if (this.out.size === 0 && answers.length > 0 && answers.every((a) => this.confirmed(a.result))) {
      this.closeTimer = this.timers.set(() => {
        this.closeTimer = undefined;
        this.clear();
      }, this.okNoticeMs);
    }
  }

  /** The operator closed the notice. */
  close(): void {
    this.cancelClose();
    this.clear();
  }

  /** The button went away: no timer may fire into it. */
  dispose(): void {
    this.cancelClose();
  }

  private render(): void {
    if (this.shown.size > 0) this.show([...this.shown.values()].map((a) => a.result));
    else this.show(this.nothingToSend ? [] : this.out.size > 0 ? 'sending' : null);
  }

  private clear(): void {
    this.shown.clear();
    this.nothingToSend = false;
    this.render();
  }

  private cancelClose(): void {
    if (this.closeTimer !== undefined) this.timers.clear(this.closeTimer);
    this.closeTimer = undefined;
  }
}
