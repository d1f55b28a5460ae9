/**
 * The monitor's own logic on a scripted probe (answers, silence, failures): silence within one probe timeout, loss
 * counting that stops once the link is called silent, stale conversion of bad samples, reconnect after a long silence.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Driver } from '../../../main/engine/drivers/driver';
import { LinkMonitor } from '../../../main/engine/link/link-monitor';
import { Quality } from '../../../shared/contract/telemetry';

const T = { rttDegradedMs: 50, rttUnsafeMs: 150, jitterDegradedMs: 20, lossDegradedPct: 1, lossUnsafePct: 5, survivalMs: 500 };
type Mode = 'answer' | 'silent' | 'reject' | 'queued' | 'on-wire-silent';
/** How long a probe waits in the driver's queue in mode 'queued' (ms): well past the 80 ms probe timeout. */
const QUEUED_MS = 250;

function setup(reconnectAfterMs = 60_000) {
  let mode: Mode = 'answer';
  const events = { silent: [] as boolean[], qualities: [] as string[], stuck: 0 };
  const driver = {
    probe: (onWire?: () => void) => {
      if (mode === 'reject') return Promise.reject(new Error('socket gone'));
      if (mode === 'silent') return new Promise<number>(() => undefined);
      if (mode === 'on-wire-silent') {
        onWire?.(); // sent at once (nothing ahead of it), then never answered
        return new Promise<number>(() => undefined);
      }
      const wait = mode === 'queued' ? QUEUED_MS : 0; // behind our own traffic in the driver's queue
      return new Promise<number>((resolve) =>
        setTimeout(() => {
          onWire?.();
          setTimeout(() => (monitor.recordRtt(2), resolve(2)), 2);
        }, wait),
      );
    },
  } as unknown as Driver;
  const monitor: LinkMonitor = new LinkMonitor({
    connectionId: 'c',
    equipment: [{ id: 'eq', thresholds: T }],
    probe: { periodMs: 20, timeoutMs: 80 },
    reconnectAfterMs,
    activeDriver: () => driver,
    onSilent: (s) => events.silent.push(s),
    onQuality: (_id, q) => events.qualities.push(q.quality),
    onStuck: () => events.stuck++,
  });
  return { monitor, events, set: (m: Mode) => (mode = m) };
}

async function until(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 5));
  }
}

let running: LinkMonitor | undefined;
afterEach(() => running?.stop());

/** A running monitor that saw answers, then a probe put on the wire that is never answered (the link died). */
async function answeredThenOnWireSilent(): Promise<LinkMonitor> {
  const { monitor, set } = setup();
  running = monitor;
  monitor.connectionChanged(true);
  monitor.start();
  await until(() => monitor.counters.answered >= 5);
  set('on-wire-silent');
  const probesAt = monitor.counters.probes;
  await until(() => monitor.counters.probes > probesAt);
  return monitor;
}

describe('LinkMonitor', () => {
  it('judges loss with a slow probe period too: every other probe lost at 300 ms is unsafe, not good', async () => {
    vi.useFakeTimers();
    try {
      let n = 0;
      const driver = {
        probe: () => (n++ % 2 === 0 ? Promise.reject(new Error('lost')) : Promise.resolve(2).then((v) => (monitor.recordRtt(2), v))),
      } as unknown as Driver;
      const monitor: LinkMonitor = new LinkMonitor({
        connectionId: 'c',
        equipment: [{ id: 'eq', thresholds: T }],
        probe: { periodMs: 300, timeoutMs: 400 },
        activeDriver: () => driver,
        onSilent: () => undefined,
        onQuality: () => undefined,
        now: () => Date.now(),
      });
      running = monitor;
      monitor.connectionChanged(true);
      monitor.start();
      await vi.advanceTimersByTimeAsync(12_000);
      expect(monitor.counters.lost).toBeGreaterThanOrEqual(15);
      expect(monitor.quality('eq')).toMatchObject({ quality: 'unsafe', reason: { code: 'loss-unsafe' } });
    } finally {
      vi.useRealTimers();
    }
  });

  it('a wall clock stepped back (NTP) does not make a dead link look answered', async () => {
    // The wall clock as the process sees it, stepped back by a minute later on (installed before the monitor exists).
    const realNow = Date.now.bind(Date);
    let step = 0;
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => realNow() + step);
    try {
      const monitor = await answeredThenOnWireSilent(); // the last answer came before the probe out now, then nothing
      step = -60_000;
      const deadline = performance.now() + 2_000;
      while (!monitor.silent && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      expect(monitor.silent).toBe(true);
      expect(monitor.quality('eq')?.quality).toBe('lost');
      // What leaves the monitor for the screen (the RTT chart's points) stays on the wall clock the renderer uses.
      const points = monitor.history.points();
      await until(() => monitor.history.points().length > points.length, 3_000);
      expect(Math.abs((monitor.history.points().at(-1)?.at ?? 0) - Date.now())).toBeLessThan(2_000);
    } finally {
      clock.mockRestore();
    }
  });

  it('a link that dies just after one more answer came in behind the probe is still called silent within a timeout or so', async () => {
    const monitor = await answeredThenOnWireSilent(); // a probe that will never be answered is on the wire
    monitor.recordRtt(4); // other traffic's last answer, after the probe went out (several in flight, or OPC UA)
    const diedAt = Date.now();
    await until(() => monitor.silent, 2_000);
    expect(Date.now() - diedAt).toBeLessThan(1_000); // a timeout is 80 ms: without the fix, never
    expect(monitor.quality('eq')?.quality).toBe('lost');
  });

  it('calls an open but unanswering link silent and lost, and stops counting loss while silent', async () => {
    const { monitor, events, set } = setup();
    running = monitor;
    monitor.connectionChanged(true);
    monitor.start();
    await until(() => monitor.counters.answered >= 5);
    expect(monitor.quality('eq')?.quality).toBe('good');
    set('silent');
    await until(() => monitor.silent);
    expect(events.silent).toEqual([true]);
    expect(monitor.quality('eq')).toMatchObject({ quality: 'lost', reason: { code: 'not-answering' } });
    const lostAtSilence = monitor.counters.lost;
    expect(lostAtSilence).toBeGreaterThanOrEqual(1);
    const probesAt = monitor.counters.probes;
    await until(() => monitor.waitingMs() > 300);
    expect(monitor.counters.lost).toBe(lostAtSilence);
    expect(monitor.counters.probes).toBe(probesAt); // one probe in flight at a time: nothing piles up
    // While silent, "bad" samples keep the last value (stale markers); good ones pass.
    const filtered = monitor.filterSamples([
      { signalId: 1, value: Number.NaN, quality: Quality.bad, sourceTime: 1 },
      { signalId: 2, value: 5, quality: Quality.good, sourceTime: 1 },
    ]);
    expect(filtered.map((s) => s.quality)).toEqual([Quality.stale, Quality.good]);
    monitor.recordRtt(3); // any real answer ends the silence
    expect(monitor.silent).toBe(false);
    expect(events.silent).toEqual([true, false]);
  });

  it('failing probes are loss, then silence after a probe timeout; a long silence asks for a reconnect', async () => {
    const { monitor, events, set } = setup(300);
    running = monitor;
    monitor.connectionChanged(true);
    monitor.start();
    await until(() => monitor.counters.answered >= 3);
    set('reject');
    await until(() => monitor.counters.lost >= 1);
    // An error is no answer: failing for one probe timeout is silence, like probes that never return.
    await until(() => monitor.silent);
    expect(monitor.quality('eq')?.quality).toBe('lost');
    const lost = monitor.counters.lost;
    await until(() => events.stuck >= 1);
    expect(monitor.counters.lost).toBe(lost);
    expect(monitor.counters.reconnects).toBe(1);
  });

  it('a probe queued behind our own traffic while the link answers is not a loss; once the answers stop it is, and the link silent', async () => {
    const { monitor, set } = setup();
    running = monitor;
    monitor.connectionChanged(true);
    monitor.start();
    await until(() => monitor.counters.answered >= 3);
    // Heartbeats and jogs on a slow link: the link answers every 20 ms, each probe waits 250 ms in the queue.
    let traffic = true;
    const answers = setInterval(() => traffic && monitor.recordRtt(2), 20);
    try {
      set('queued');
      const answeredBefore = monitor.counters.answered;
      await until(() => monitor.counters.answered >= answeredBefore + 3);
      expect(monitor.counters.lost).toBe(0);
      expect(monitor.quality('eq')?.quality).toBe('good');
      // The link goes quiet: probes are lost again, and the link is called silent.
      traffic = false;
      set('silent');
      await until(() => monitor.silent);
      expect(monitor.counters.lost).toBeGreaterThanOrEqual(1);
    } finally {
      clearInterval(answers);
    }
  });

  it('a dead connection is lost at once; a new one takes its first answered level without waiting', async () => {
    const { monitor, events } = setup();
    running = monitor;
    monitor.connectionChanged(true);
    monitor.start();
    await until(() => monitor.quality('eq')?.quality === 'good');
    monitor.connectionChanged(false);
    expect(monitor.quality('eq')?.quality).toBe('lost');
    monitor.connectionChanged(true);
    await until(() => monitor.quality('eq')?.quality === 'good', 1_000);
    expect(events.qualities).toEqual(['good', 'lost', 'good']);
  });
});
