/**
 * The heartbeat this console writes to each equipment it controls: a counter that changes every period, the input
 * of the device's watchdog. A tick whose previous write is still in flight is skipped, never queued: a heartbeat
 * that arrives late must not look fresh.
 */

/** Writes one heartbeat value; resolves when the device answered (or failed). */
export type HeartbeatWrite = (counter: number) => Promise<unknown>;

interface Beat {
  timer: ReturnType<typeof setInterval>;
  counter: number;
  inFlight: boolean;
}

/** Heartbeat timers by equipment id. */
export class Heartbeats {
  private readonly beats = new Map<string, Beat>();
  /** Ticks skipped because the previous write had not been answered. */
  skipped = 0;

  /** Starts (or restarts) the heartbeat of an equipment; the first beat goes at once. */
  start(equipmentId: string, periodMs: number, write: HeartbeatWrite): void {
    this.stop(equipmentId);
    const beat: Beat = { timer: setInterval(() => this.tick(beat, write), periodMs), counter: Math.floor(Math.random() * 0xffff), inFlight: false };
    beat.timer.unref?.();
    this.beats.set(equipmentId, beat);
    this.tick(beat, write);
  }

  stop(equipmentId: string): void {
    const beat = this.beats.get(equipmentId);
    if (beat) clearInterval(beat.timer);
    this.beats.delete(equipmentId);
  }

  stopAll(): void {
    for (const id of [...this.beats.keys()]) this.stop(id);
  }

  running(equipmentId: string): boolean {
    return this.beats.has(equipmentId);
  }

  private tick(beat: Beat, write: HeartbeatWrite): void {
    if (beat.inFlight) {
      this.skipped++;
      return;
    }
    beat.counter = (beat.counter + 1) & 0xffff;
    beat.inFlight = true;
    void write(beat.counter).finally(() => {
      beat.inFlight = false;
    });
  }
}
