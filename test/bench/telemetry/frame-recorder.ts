/** Counts delivered values and samples their age (client clock − source time) from telemetry frames. */
import type { TelemetryFrame } from '../../../shared/contract/telemetry';

/** Ages sampled per frame, at most: enough for p99 without making the client the bottleneck. */
const AGE_SAMPLES_PER_FRAME = 64;

/** Delivery figures of one measured window. */
export interface Delivery {
  frames: number;
  delivered: number;
  dropped: number;
  ages: number[];
}

/** Records frames while `recording` is on. */
export class FrameRecorder {
  recording = false;
  private delivery: Delivery = { frames: 0, delivered: 0, dropped: 0, ages: [] };

  /** Takes one frame. */
  record(frame: TelemetryFrame, now = Date.now()): void {
    if (!this.recording) return;
    const count = frame.ids.length;
    this.delivery.frames++;
    this.delivery.delivered += count;
    this.delivery.dropped += frame.dropped;
    const step = Math.max(1, Math.floor(count / AGE_SAMPLES_PER_FRAME));
    for (let i = 0; i < count; i += step) this.delivery.ages.push(now - (frame.sourceTimes[i] as number));
  }

  /** The window's figures, and starts a new window. */
  take(): Delivery {
    const out = this.delivery;
    this.delivery = { frames: 0, delivered: 0, dropped: 0, ages: [] };
    return out;
  }
}

/** The p-th percentile (0..100) of `values`, rounded to `decimals` (default 1). */
export function percentile(values: readonly number[], p: number, decimals = 1): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  const scale = 10 ** decimals;
  return Math.round((sorted[at] as number) * scale) / scale;
}
