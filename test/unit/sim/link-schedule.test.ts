/** The link lab's pure timing: order kept under jitter, token-bucket math, stalls that follow the seeded RNG, profiles. */
import { describe, expect, it } from 'vitest';
import { nextRandom } from '../../../main/sim/modbus-server/plc/rng';
import { bucketBurstBytes, DirectionSchedule, streamSeed, TokenBucket } from '../../../main/sim/link-lab/schedule';
import { configuredRttMs, LINK_PROFILE_NAMES, LINK_PROFILES, paramsAt, profileByName, validateProfile } from '../../../main/sim/link-lab/profiles';

const noCap = (delayMs: number, jitterMs: number) => ({ delayMs, jitterMs, bandwidthBps: 0 });

describe('DirectionSchedule', () => {
  it('never releases a chunk before an earlier one, however large the jitter', () => {
    const schedule = new DirectionSchedule(streamSeed(7, 0));
    let last = -Infinity;
    let overtakesPrevented = 0;
    for (let i = 0; i < 2000; i++) {
      const arrival = i * 0.5; // chunks closer together than the jitter range
      const timing = schedule.schedule(arrival, 100, noCap(20, 15), 0, 200);
      if (arrival + timing.delayMs < last) overtakesPrevented += 1;
      expect(timing.releaseAt).toBeGreaterThanOrEqual(last);
      expect(timing.releaseAt).toBeGreaterThanOrEqual(arrival + timing.delayMs);
      expect(timing.delayMs).toBeGreaterThanOrEqual(5);
      expect(timing.delayMs).toBeLessThanOrEqual(35);
      last = timing.releaseAt;
    }
    expect(overtakesPrevented).toBeGreaterThan(100); // the jitter really would have reordered them
  });

  it('draws delays uniformly around the configured one (mean within 0.5 ms over 4000 chunks)', () => {
    const schedule = new DirectionSchedule(streamSeed(3, 5));
    let sum = 0;
    for (let i = 0; i < 4000; i++) sum += schedule.schedule(i * 100, 10, noCap(20, 8), 0, 0).delayMs;
    expect(Math.abs(sum / 4000 - 20)).toBeLessThan(0.5);
  });

  it('injects exactly the stalls the seeded RNG dictates, and a stall holds every chunk behind it', () => {
    const seed = streamSeed(42, 3);
    const schedule = new DirectionSchedule(seed);
    const lossRate = 0.05;
    let state = seed;
    let expectedStalls = 0;
    let stalls = 0;
    for (let i = 0; i < 1000; i++) {
      [, state] = nextRandom(state); // jitter draw
      const [loss, next] = nextRandom(state);
      state = next;
      if (loss < lossRate) expectedStalls += 1;
      const arrival = i * 10;
      const timing = schedule.schedule(arrival, 50, noCap(5, 0), lossRate, 200);
      expect(timing.stalled).toBe(loss < lossRate);
      if (timing.stalled) {
        stalls += 1;
        expect(timing.releaseAt).toBeGreaterThanOrEqual(arrival + 5 + 200);
        const behind = schedule.schedule(arrival + 1, 50, noCap(5, 0), 0, 200);
        expect(behind.releaseAt).toBeGreaterThanOrEqual(timing.releaseAt);
        [, state] = nextRandom(state);
        [, state] = nextRandom(state);
      }
    }
    expect(stalls).toBe(expectedStalls);
    expect(stalls).toBeGreaterThan(30); // ~50 expected at 5%
    expect(stalls).toBeLessThan(75);
  });

  it('gives the same timings for the same seed and different ones for another seed', () => {
    const run = (seed: number) => {
      const schedule = new DirectionSchedule(streamSeed(seed, 0));
      return Array.from({ length: 50 }, (_, i) => schedule.schedule(i * 3, 20, noCap(10, 4), 0.1, 200).releaseAt);
    };
    expect(run(9)).toEqual(run(9));
    expect(run(9)).not.toEqual(run(10));
  });

  it('queues a close behind the data and holds it closeDelayMs longer', () => {
    const schedule = new DirectionSchedule(1);
    const data = schedule.schedule(0, 10, noCap(30, 0), 0, 0);
    expect(schedule.scheduleClose(5, 500)).toBe(data.releaseAt + 500);
  });
});

describe('TokenBucket', () => {
  it('passes a burst at once, then paces at the rate', () => {
    const rate = 50_000; // bytes/s
    const burst = bucketBurstBytes(rate);
    expect(burst).toBe(16 * 1024); // 50 ms of 50 kB/s is smaller than the 16 KiB floor
    const bucket = new TokenBucket();
    let last = 0;
    for (let i = 0; i < 100; i++) last = bucket.depart(0, 1000, rate); // 100 kB arrive at t = 0
    expect(last).toBeCloseTo(((100_000 - burst) / rate) * 1000, 6);
  });

  it('refills while idle, never above the burst', () => {
    const bucket = new TokenBucket();
    const rate = 1_000_000; // burst = 50 kB
    expect(bucket.depart(0, 50_000, rate)).toBe(0);
    expect(bucket.depart(0, 10_000, rate)).toBeCloseTo(10, 6); // empty: 10 kB take 10 ms
    expect(bucket.depart(1000, 50_000, rate)).toBe(1000); // a second idle refilled to the full burst only
    expect(bucket.depart(1000, 1_000, rate)).toBeCloseTo(1001, 6);
  });

  it('does not shape at 0 (unlimited) and keeps FIFO order', () => {
    const bucket = new TokenBucket();
    expect(bucket.depart(5, 10_000_000, 0)).toBe(5);
    expect(bucket.depart(3, 1, 0)).toBe(5);
  });

  it('makes the schedule follow the cap: 200 kB at 100 kB/s (burst 16 KiB) leave over ~1.84 s', () => {
    const schedule = new DirectionSchedule(1);
    let timing = schedule.schedule(0, 0, { delayMs: 0, jitterMs: 0, bandwidthBps: 100_000 }, 0, 0);
    for (let i = 0; i < 200; i++) timing = schedule.schedule(0, 1000, { delayMs: 0, jitterMs: 0, bandwidthBps: 100_000 }, 0, 0);
    expect(timing.departAt).toBeCloseTo(((200_000 - 16 * 1024) / 100_000) * 1000, 6);
  });
});

describe('profiles', () => {
  it('has every named profile of the issue, each valid, with the configured round trips', () => {
    for (const name of ['lan', '5g-good', '5g-congested', '4g', 'degrading', 'outage-1s', 'outage-30s', 'half-open']) {
      expect(LINK_PROFILE_NAMES).toContain(name);
    }
    for (const profile of Object.values(LINK_PROFILES)) expect(() => validateProfile(profile)).not.toThrow();
    expect(configuredRttMs(profileByName('lan').params)).toBe(0);
    expect(configuredRttMs(profileByName('5g-good').params)).toBe(10);
    expect(configuredRttMs(profileByName('5g-congested').params)).toBe(40);
    expect(profileByName('5g-congested').params.lossRate).toBe(0.005);
    expect(configuredRttMs(profileByName('4g').params)).toBe(80);
    expect(profileByName('half-open').halfOpen).toBe(true);
    expect(profileByName('outage-1s').outage?.durationMs).toBe(1000);
  });

  it('ramps `degrading` linearly from 5g-good to unsafe over 60 s, then holds', () => {
    const degrading = profileByName('degrading');
    expect(configuredRttMs(paramsAt(degrading, 0))).toBe(10);
    expect(configuredRttMs(paramsAt(degrading, 30_000))).toBeCloseTo(130, 6);
    expect(configuredRttMs(paramsAt(degrading, 60_000))).toBe(250);
    expect(configuredRttMs(paramsAt(degrading, 600_000))).toBe(250);
    expect(paramsAt(degrading, 30_000).lossRate).toBeCloseTo(0.015, 9);
  });

  it('refuses an unknown name and nonsense parameters with what is wrong', () => {
    expect(() => profileByName('6g')).toThrow(/unknown link profile "6g" \(available: lan, 5g-good/);
    const good = profileByName('5g-good');
    expect(() => validateProfile({ ...good, params: { ...good.params, lossRate: 1.5 } })).toThrow(/lossRate must be 0\.\.1/);
    expect(() => validateProfile({ ...good, params: { ...good.params, up: { ...good.params.up, delayMs: NaN } } })).toThrow(/up\.delayMs/);
    expect(() => validateProfile({ ...good, outage: { durationMs: 1000, firstAtMs: 0, everyMs: 500 } })).toThrow(/everyMs > durationMs/);
  });
});
