/**
 * The header's console-link verdict: a stalled engine on an open socket (no frame for longer than the figures'
 * 10 s window) reads as stalled, never as the calm "measuring"; that is only for a window that never showed a frame.
 */
import { describe, expect, it } from 'vitest';
import { consoleBadge } from '../../../renderer/link/console-badge';
import { ConsoleLatency } from '../../../renderer/link/console-latency';

/** A window that received and showed a frame every 100 ms (3 ms delivery) from t = 0 to `until`, clocks equal. */
function framesUntil(until: number): ConsoleLatency {
  const latency = new ConsoleLatency();
  for (let at = 0; at <= until; at += 100) {
    latency.arrived(at, at + 3);
    latency.shown(at);
  }
  return latency;
}

describe('console badge', () => {
  it('frames flowing: calm, with the delivery median', () => {
    expect(consoleBadge(framesUntil(5000).figures(5050, 0))).toEqual({ kind: 'ok', p50Ms: 3 });
  });

  it('frames stopped 2 s ago: slow, with the newest frame age', () => {
    expect(consoleBadge(framesUntil(5000).figures(7000, 0))).toEqual({ kind: 'slow', p50Ms: 3, ageMs: 2000 });
  });

  it('frames stopped longer than the figures window (no delivery figures left): still stalled, not measuring', () => {
    const figures = framesUntil(5000).figures(20_000, 0);
    expect(figures.deliveryP50Ms).toBeUndefined(); // nothing arrived within the last 10 s
    expect(consoleBadge(figures)).toEqual({ kind: 'slow', ageMs: 15_000 });
  });

  it('slow delivery while frames still arrive is slow too', () => {
    const latency = new ConsoleLatency();
    for (let at = 0; at <= 1000; at += 100) {
      latency.arrived(at, at + 400);
      latency.shown(at);
    }
    expect(consoleBadge(latency.figures(1500, 0))).toMatchObject({ kind: 'slow', p50Ms: 400 });
  });

  it('measuring only while no frame was ever shown (or the clock offset is not known yet)', () => {
    expect(consoleBadge(new ConsoleLatency().figures(60_000, 0))).toEqual({ kind: 'measuring' });
    expect(consoleBadge(framesUntil(5000).figures(5050, undefined))).toEqual({ kind: 'measuring' });
  });
});
