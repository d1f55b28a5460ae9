/**
 * Ages across a wall clock stepped back (an NTP correction of a fast clock): the engine's store and pump and a window's
 * store share one wall clock, as on one machine. A value nothing confirms after the step must age and turn stale as
 * always; before, its group kept the confirmation time from before the step (now in the future), so it read age 0,
 * live, until the clock caught up.
 */
import { expect, it } from 'vitest';
import { SignalStore } from '../../../main/engine/telemetry/signal-store';
import { TelemetryPump } from '../../../main/engine/telemetry/telemetry-pump';
import { valueStatus } from '../../../renderer/equipment/panels/values/value-status';
import { FrameBatcher } from '../../../renderer/stores/frame-batcher';
import { TelemetryStore } from '../../../renderer/stores/telemetry-store';
import { decodeTelemetry, Quality } from '../../../shared/contract/telemetry';

const STALE_AFTER = 1200;

it('a value polled across a step back, then no longer confirmed, turns stale after its threshold', () => {
  let wall = 1_700_000_000_000;
  const engine = new SignalStore(() => wall);
  engine.define(0, { group: 0 });
  const window = new TelemetryStore((flush) => new FrameBatcher(flush, (run) => run()));
  const pump: TelemetryPump = new TelemetryPump({
    maxHz: 60,
    now: () => wall,
    send: (buffer) => {
      const frame = decodeTelemetry(buffer);
      if ('error' in frame) throw new Error(frame.error);
      window.apply(frame, () => pump.ack(frame.seq), wall);
    },
  });
  pump.start(engine);
  const poll = (times: number) => {
    for (let i = 0; i < times; i++) {
      engine.apply([{ signalId: 0, value: 42, quality: Quality.good, sourceTime: wall }]);
      pump.flush();
      wall += 100;
    }
  };
  const status = () => valueStatus(window.get(0)?.quality, window.ageMs(0, wall), STALE_AFTER);
  try {
    poll(20);
    expect(window.ageMs(0, wall)).toBe(100);
    wall -= 60_000; // the wall clock steps back a minute
    poll(10);
    expect(window.ageMs(0, wall)).toBe(100); // still polled: as fresh as it is
    expect(status()).toBe('good');
    wall += STALE_AFTER + 1; // nothing confirms it any more
    pump.flush();
    expect(window.ageMs(0, wall)).toBe(STALE_AFTER + 101);
    expect(status()).toBe('stale');
  } finally {
    pump.stop();
  }
});
