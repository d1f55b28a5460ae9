import { describe, expect, it } from 'vitest';
import { besideScanMatters, ScanHistory, scanLoad, type ScanSnapshot } from '../../../renderer/diagnostics/scan-load';

/**
 * The crane's plan: fast 100 ms × 3 requests, normal 250 ms × 4, slow 1000 ms × 2 (48 requests/s asked). Unless
 * given, every read of the cycles run was answered.
 */
const snap = (at: number, cycles: [number, number, number], skipped: [number, number, number] = [0, 0, 0], answered?: [number, number, number]): ScanSnapshot => ({
  at,
  scan: {
    fast: { periodMs: 100, requestsPerCycle: 3, cycles: cycles[0], skippedCycles: skipped[0], answered: answered?.[0] ?? cycles[0] * 3 },
    normal: { periodMs: 250, requestsPerCycle: 4, cycles: cycles[1], skippedCycles: skipped[1], answered: answered?.[1] ?? cycles[1] * 4 },
    slow: { periodMs: 1000, requestsPerCycle: 2, cycles: cycles[2], skippedCycles: skipped[2], answered: answered?.[2] ?? cycles[2] * 2 },
  },
});

describe('scanLoad', () => {
  it('a link that carries the plan: every class at its period, demand and carried equal', () => {
    const load = scanLoad(snap(0, [10, 4, 1]), snap(10_000, [110, 44, 11]));
    expect(load).toMatchObject({ windowMs: 10_000, demandPerSec: 48, carriedPerSec: 48, keepsUp: true, shares: { fast: 1, normal: 1, slow: 1 } });
  });

  it('what else took the link over the window: requests beside the scan per second (absent from an engine that does not count them)', () => {
    const load = scanLoad({ ...snap(0, [0, 0, 0]), besideScan: 40 }, { ...snap(10_000, [30, 12, 10], [70, 28, 0]), besideScan: 140 });
    expect(load?.besideScanPerSec).toBe(10); // a heartbeat every 100 ms
    expect(load && besideScanMatters(load)).toBe(true); // 10/s beside 15.8/s carried
    const probesOnly = scanLoad({ ...snap(0, [0, 0, 0]), besideScan: 40 }, { ...snap(10_000, [30, 12, 10], [70, 28, 0]), besideScan: 50 });
    expect(probesOnly && besideScanMatters(probesOnly)).toBe(false); // 1/s beside 15.8/s: a probe now and then
    expect(scanLoad(snap(0, [0, 0, 0]), snap(10_000, [30, 12, 10]))?.besideScanPerSec).toBeUndefined();
    expect(scanLoad({ ...snap(0, [0, 0, 0]), besideScan: 40 }, { ...snap(1000, [1, 0, 0]), besideScan: 3 })).toBeUndefined(); // went back: a restart
  });

  it('a slow link: the classes that skip, and what the link carried against what the plan asks', () => {
    // Over 10 s: fast ran 30 of 100 due, normal 12 of 40, slow all 10.
    const load = scanLoad(snap(0, [0, 0, 0]), snap(10_000, [30, 12, 10], [70, 28, 0]));
    expect(load?.keepsUp).toBe(false);
    expect(load?.shares).toEqual({ fast: 0.3, normal: 0.3, slow: 1 });
    expect(load?.demandPerSec).toBe(48);
    expect(load?.carriedPerSec).toBeCloseTo((30 * 3 + 12 * 4 + 10 * 2) / 10, 10);
  });

  it('carried counts the reads answered, not the cycles run: a dead unit\'s skipped reads and timeouts are not carried', () => {
    // Over 10 s the fast class ran 30 cycles (90 reads planned) but one of its three reads went to a unit that stopped
    // answering: 10 timed out, 20 were skipped while the unit was dead.
    const load = scanLoad(snap(0, [0, 0, 0]), snap(10_000, [30, 12, 10], [70, 28, 0], [60, 48, 20]));
    expect(load?.carriedPerSec).toBeCloseTo((60 + 48 + 20) / 10, 10);
    expect(scanLoad(snap(0, [0, 0, 0], [0, 0, 0], [5, 0, 0]), snap(1000, [1, 0, 0], [0, 0, 0], [4, 0, 0]))).toBeUndefined(); // went back: a restart
  });

  it('just under the line is behind; a class with nothing due yet does not count', () => {
    expect(scanLoad(snap(0, [0, 0, 0]), snap(10_000, [89, 40, 0], [11, 0, 0]))?.keepsUp).toBe(false);
    expect(scanLoad(snap(0, [0, 0, 0]), snap(10_000, [90, 40, 0], [10, 0, 0]))?.keepsUp).toBe(true);
    expect(scanLoad(snap(0, [0, 0, 0]), snap(500, [5, 2, 0]))?.shares.slow).toBeUndefined();
  });

  it('no load from one poll twice, or across an engine restart (counters went back)', () => {
    expect(scanLoad(snap(1000, [5, 2, 1]), snap(1000, [5, 2, 1]))).toBeUndefined();
    expect(scanLoad(snap(0, [500, 200, 50]), snap(2000, [20, 8, 2]))).toBeUndefined();
  });
});

describe('ScanHistory', () => {
  it('compares the newest poll with the oldest one still within the window', () => {
    const history = new ScanHistory(10_000);
    expect(history.push('plc', snap(0, [0, 0, 0]))).toBeUndefined();
    for (let at = 2000; at <= 10_000; at += 2000) expect(history.push('plc', snap(at, [0, 0, 0]))?.[0].at).toBe(0);
    expect(history.push('plc', snap(12_000, [0, 0, 0]))?.[0].at).toBe(2000);
    expect(history.push('plc', snap(20_000, [0, 0, 0]))?.[0].at).toBe(10_000);
    expect(history.push('other', snap(20_000, [0, 0, 0]))).toBeUndefined(); // per connection
  });

  it('after a gap in the readings, polls older than two windows are not compared', () => {
    const history = new ScanHistory(10_000);
    history.push('plc', snap(0, [0, 0, 0]));
    history.push('plc', snap(2000, [20, 8, 2]));
    expect(history.push('plc', snap(60_000, [600, 240, 60]))).toBeUndefined(); // the engine was away for a minute
    expect(history.push('plc', snap(62_000, [620, 248, 62]))?.[0].at).toBe(60_000);
  });
});
