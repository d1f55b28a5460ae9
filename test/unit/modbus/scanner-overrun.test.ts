/**
 * The scanner's ticks against a cycle that overruns its period: the tick that came while it ran starts the next cycle
 * the moment it ends (the link is not left idle until the tick after), a further tick is skipped and counted, and
 * cycles are never stacked. Reads are answered by hand and the clock is faked, so the order of events is exact.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DriverError } from '../../../main/engine/drivers/driver-error';
import { Scanner } from '../../../main/engine/drivers/modbus/scanner';
import { layoutOf } from '../../../main/engine/drivers/modbus/tag-layout';
import { UnitHealth } from '../../../main/engine/drivers/modbus/unit-health';
import { createMemoryLogger } from '../../../main/engine/log';
import { bindings } from '../../support/modbus-driver-harness';

/** A scanner of one tag in class `fast` (period 100 ms) whose reads wait until `answer()`. */
function rig() {
  const waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const log = createMemoryLogger();
  let reads = 0;
  const scanner = new Scanner({
    layouts: bindings({ level: { address: 'holding:0', type: 'uint16', scanClass: 'fast' } }).map(layoutOf),
    maxGap: 8,
    scanClasses: { fast: 100 },
    health: new UnitHealth(),
    read: () => {
      reads++;
      return new Promise((resolve, reject) => waiting.push({ resolve: () => resolve([7]), reject }));
    },
    emit: () => undefined,
    log,
  });
  const stats = () => scanner.stats.get('fast');
  /** Answers the read in flight and lets the scanner's continuations run. */
  const answer = async () => {
    waiting.shift()?.resolve();
    await vi.advanceTimersByTimeAsync(0);
  };
  /** Fails the read in flight with `error`. */
  const fail = (error: Error) => waiting.shift()?.reject(error);
  return { scanner, stats, answer, fail, log, reads: () => reads, inFlight: () => waiting.length };
}

describe('Scanner overrun', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('starts the next cycle as soon as an overrunning one ends, skips a second tick, and never stacks', async () => {
    const r = rig();
    r.scanner.start();
    expect(r.stats()).toMatchObject({ cycles: 1, skippedCycles: 0 });
    await vi.advanceTimersByTimeAsync(100); // tick 1 while cycle 1 reads: it waits for the cycle to end
    expect(r.stats()).toMatchObject({ cycles: 1, skippedCycles: 0 });
    expect(r.inFlight()).toBe(1);
    await r.answer(); // cycle 1 ends at 100 ms: cycle 2 starts at once, not at the tick of 200 ms
    expect(r.stats()).toMatchObject({ cycles: 2, skippedCycles: 0 });
    expect(r.reads()).toBe(2);
    await vi.advanceTimersByTimeAsync(200); // ticks 2 and 3 while cycle 2 reads: one waits, one is skipped
    expect(r.stats()).toMatchObject({ cycles: 2, skippedCycles: 1 });
    expect(r.inFlight()).toBe(1); // never stacked
    await r.answer();
    expect(r.stats()).toMatchObject({ cycles: 3, skippedCycles: 1 });
    await r.answer(); // cycle 3 ends before its tick: nothing waits, the next starts at the tick
    expect(r.stats()).toMatchObject({ cycles: 3, skippedCycles: 1 });
    expect(r.inFlight()).toBe(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(r.stats()).toMatchObject({ cycles: 4, skippedCycles: 1 });
    r.scanner.stop();
    await r.answer();
    await vi.advanceTimersByTimeAsync(500);
    expect(r.stats()).toMatchObject({ cycles: 4, skippedCycles: 1 }); // stopped: no cycle starts, even one that waited
  });

  it('starts the waiting cycle after a cycle that failed, and logs the failure', async () => {
    const r = rig();
    r.scanner.start();
    await vi.advanceTimersByTimeAsync(100); // a tick waits for cycle 1
    // Exception 2 on the one tag makes the cycle re-plan at its end, and that throws: the cycle itself fails (a read
    // error alone never does, the cycle turns it into bad samples).
    const replan = vi.spyOn(r.scanner as unknown as { replan(): void }, 'replan').mockImplementation(() => {
      throw new Error('plan failed');
    });
    r.fail(new DriverError('device-exception', 'modbus-exception-2', 'illegal data address'));
    await vi.advanceTimersByTimeAsync(0);
    replan.mockRestore();
    expect(r.stats()).toMatchObject({ cycles: 2 });
    expect(r.log.entries.some((e) => e.code === 'modbus.scan-cycle-failed')).toBe(true);
    r.scanner.stop();
  });

  it('starts no waiting cycle once stopped', async () => {
    const r = rig();
    r.scanner.start();
    await vi.advanceTimersByTimeAsync(100); // a tick waits for cycle 1
    r.scanner.stop();
    await r.answer();
    expect(r.stats()).toMatchObject({ cycles: 1 });
    expect(r.reads()).toBe(1);
  });
});
