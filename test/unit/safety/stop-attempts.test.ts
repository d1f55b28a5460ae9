import { describe, expect, it } from 'vitest';
import type { DeviceResult } from '../../../main/engine/safety/device-access';
import { reportedAfter, writeUntilAcknowledged, writeWhileTransient } from '../../../main/engine/safety/stop-attempts';

const timeout: DeviceResult = { ok: false, kind: 'timeout', code: 'modbus-reply-lost', text: 'closed before this request was answered' };
const gone: DeviceResult = { ok: false, kind: 'not-connected', code: 'modbus-not-connected', text: 'crane-plc closed' };
const busy: DeviceResult = { ok: false, kind: 'device-rejected', code: 'modbus-exception-6', text: 'server device busy' };

/** A device answering the stop's attempts with `answers` in turn (the last one repeats). */
function device(...answers: DeviceResult[]) {
  let calls = 0;
  return { write: async () => answers[Math.min(calls++, answers.length - 1)] as DeviceResult, calls: () => calls };
}

describe('the stop written until acknowledged', () => {
  it('an attempt that went out unanswered, then the link gone: reports the unanswered one, not a refusal', async () => {
    const d = device(timeout, gone);
    expect(await writeUntilAcknowledged(d.write, 10, 0)).toEqual({ result: timeout, attempts: 2 });
  });

  it('repeats until acknowledged, and stops at once on a link that is gone from the start or a refused value', async () => {
    expect(await writeUntilAcknowledged(device(busy, timeout, { ok: true }).write, 10, 0)).toEqual({ result: { ok: true }, attempts: 3 });
    expect(await writeUntilAcknowledged(device(gone).write, 10, 0)).toEqual({ result: gone, attempts: 1 });
    const invalid: DeviceResult = { ok: false, kind: 'invalid', code: 'out-of-range', text: 'no' };
    expect(await writeUntilAcknowledged(device(invalid).write, 10, 0)).toEqual({ result: invalid, attempts: 1 });
  });

  it('a noisy line that let nothing out (transient) is tried again; an unanswered attempt before it is still what is reported', async () => {
    const lineBusy: DeviceResult = { ok: false, kind: 'not-connected', code: 'modbus-line-busy', text: 'the line was never quiet', transient: true };
    expect(await writeUntilAcknowledged(device(lineBusy, lineBusy, { ok: true }).write, 10, 0)).toEqual({ result: { ok: true }, attempts: 3 });
    expect(await writeUntilAcknowledged(device(timeout, lineBusy).write, 4, 0)).toEqual({ result: timeout, attempts: 4 });
    expect(await writeUntilAcknowledged(device(lineBusy).write, 3, 0)).toEqual({ result: lineBusy, attempts: 3 });
  });

  it('gives up after its attempts with the last answer', async () => {
    const d = device(busy);
    expect(await writeUntilAcknowledged(d.write, 4, 0)).toEqual({ result: busy, attempts: 4 });
    expect(d.calls()).toBe(4);
  });
});

describe('what is reported after several attempts (the stop, a jog zero)', () => {
  const lineBusy: DeviceResult = { ok: false, kind: 'not-connected', code: 'modbus-line-busy', text: 'the line was never quiet', transient: true };
  it('an unanswered attempt outweighs a later one that was not sent; anything else replaces it', () => {
    expect(reportedAfter(timeout, lineBusy)).toBe(timeout);
    expect(reportedAfter(timeout, gone)).toBe(timeout);
    expect(reportedAfter(timeout, { ok: true })).toEqual({ ok: true });
    expect(reportedAfter(lineBusy, timeout)).toBe(timeout);
    expect(reportedAfter(undefined, lineBusy)).toBe(lineBusy);
  });
});

describe('a release written again while the line lets nothing out', () => {
  const lineBusy: DeviceResult = { ok: false, kind: 'not-connected', code: 'modbus-line-busy', text: 'the line was never quiet', transient: true };
  it('tries again only a transient failure, up to its attempts', async () => {
    const busyThenOk = device(lineBusy, { ok: true });
    expect(await writeWhileTransient(busyThenOk.write, 3, 0)).toEqual({ ok: true });
    expect(busyThenOk.calls()).toBe(2);
    const alwaysBusy = device(lineBusy);
    expect(await writeWhileTransient(alwaysBusy.write, 3, 0)).toBe(lineBusy);
    expect(alwaysBusy.calls()).toBe(3);
    const lost = device(gone, { ok: true });
    expect(await writeWhileTransient(lost.write, 3, 0)).toBe(gone); // the link is gone: the watchdog takes over
    expect(lost.calls()).toBe(1);
    const unanswered = device(timeout, { ok: true });
    expect(await writeWhileTransient(unanswered.write, 3, 0)).toBe(timeout); // may have landed: not written twice
  });
});
