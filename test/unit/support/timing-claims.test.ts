/** The round-trip claim's check: what load may excuse, and what it never may. */
import { describe, expect, it } from 'vitest';
import { withinOnSomeReading } from '../../support/timing-claims';

const readings = (...values: number[]) => {
  let i = 0;
  return async () => values[Math.min(i++, values.length - 1)] as number;
};

describe('withinOnSomeReading', () => {
  it('passes a reading inside the band at once', async () => {
    expect(await withinOnSomeReading(readings(41.5), 40, 2, { wakeUps: 2 })).toMatchObject({ ok: true });
  });

  it('fails a reading below the band at once: load never makes a round trip shorter', async () => {
    const claim = await withinOnSomeReading(readings(37.5, 40), 40, 2, { wakeUps: 2 });
    expect(claim).toMatchObject({ ok: false });
    expect(claim.readings).toHaveLength(1);
  });

  it('reads again when above it, and passes once a reading is inside', async () => {
    const claim = await withinOnSomeReading(readings(49, 48, 41), 40, 2, { wakeUps: 2 });
    expect(claim).toMatchObject({ ok: true });
    expect(claim.readings).toHaveLength(3);
  });

  it('fails a systematic error: every reading high', async () => {
    expect(await withinOnSomeReading(readings(46, 46, 46), 40, 2, { wakeUps: 2 })).toMatchObject({ ok: false });
  });

  it('does not excuse a reading 20 ms high because the measured code blocked its own loop', async () => {
    const blocking = async () => {
      const end = performance.now() + 200;
      while (performance.now() < end) {
        const slice = performance.now() + 19;
        while (performance.now() < slice); // the code under test hogs the loop: the probe's wake-ups come ~17 ms late
        await new Promise((r) => setImmediate(r));
      }
      return 30; // configured 10: +20 ms
    };
    expect(await withinOnSomeReading(blocking, 10, 2, { wakeUps: 2 })).toMatchObject({ ok: false });
  });
});
