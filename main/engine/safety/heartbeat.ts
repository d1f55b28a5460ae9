/**
 * The heartbeat this console writes to each equipment it controls: a counter that changes every period, the input
 * of the device's watchdog. A tick whose previous write is still in flight is skipped, never queued: a heartbeat
 * that arrives late must not look fresh.
 */

/**
 * Writes one heartbeat value; resolves when the device answered (or failed). `wanted` answers false once the heartbeat
 * was stopped: a beat still waiting in the link queue then is withdrawn unsent (control ended: no late beat re-arms
 * the device's watchdog).
 */
export type HeartbeatWrite = (counter: number, wanted: () => boolean) => Promise<unknown>;

/**
 * How many values the counter of a heartbeat tag of `type` runs through before it wraps: every one it writes must be
 * one the tag takes (an int16 refuses 32,768 and up: half of all takes would write nothing, from a random start, for
 * most of an hour, and the device's watchdog would trip while the console showed control); a bool toggles.
 */
export function heartbeatWrap(type: string): number {
  if (type === 'bool') return 2;
  if (type === 'int16') return 0x8000;
  return 0x10000;
}

interface Beat {
  equipmentId: string;
  timer: ReturnType<typeof setInterval>;
  counter: number;
  wrap: number;
  /** The write in flight, if any. */
  inFlight: Promise<unknown> | undefined;
}

/** Heartbeat timers by equipment id. */
export class Heartbeats {
  private readonly beats = new Map<string, Beat>();
  /** Ticks skipped because the previous write had not been answered. */
  skipped = 0;

  /** Starts (or restarts) the heartbeat of an equipment, counting 0..wrap−1; the first beat goes at once. */
  start(equipmentId: string, periodMs: number, write: HeartbeatWrite, wrap = 0x10000): void {
    this.stop(equipmentId);
    const beat: Beat = { equipmentId, timer: setInterval(() => this.tick(beat, write), periodMs), counter: Math.floor(Math.random() * wrap), wrap, inFlight: undefined };
    beat.timer.unref?.();
    this.beats.set(equipmentId, beat);
    this.tick(beat, write);
  }

  /**
   * Stops the heartbeat; resolves once its last write has been answered (or failed). A release waits for that before
   * writing the owner register back to 0: a device whose watchdog re-arms on any heartbeat write would otherwise be
   * re-armed by a late beat after the release, and trip when no more beats come.
   */
  stop(equipmentId: string): Promise<void> {
    const beat = this.beats.get(equipmentId);
    if (beat) clearInterval(beat.timer);
    this.beats.delete(equipmentId);
    return beat?.inFlight ? beat.inFlight.then(() => undefined, () => undefined) : Promise.resolve();
  }

  stopAll(): void {
    for (const id of [...this.beats.keys()]) void this.stop(id);
  }

  running(equipmentId: string): boolean {
    return this.beats.has(equipmentId);
  }

  private tick(beat: Beat, write: HeartbeatWrite): void {
    if (beat.inFlight) {
      this.skipped++;
      return;
    }
    beat.counter = (beat.counter + 1) % beat.wrap;
    const sent = write(beat.counter, () => this.beats.get(beat.equipmentId) === beat).finally(() => {
      beat.inFlight = undefined;
    });
    beat.inFlight = sent;
    sent.catch(() => undefined); // a failed beat is the watchdog's business; stop() waiters see it settle
  }
}
