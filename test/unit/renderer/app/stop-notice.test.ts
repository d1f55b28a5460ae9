/**
 * The stop's result notice across overlapping presses: answers are kept per equipment, a newer press's answer for an
 * equipment wins over an older one's whatever order they come in, an older press's failure for equipment the newer
 * press did not reach is never lost, and only a notice of confirmed stops with no press still out closes by itself.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StopNotice, type NoticeState } from '../../../../renderer/app/stop-notice';

const OK_MS = 8000;

interface Answer {
  id: string;
  text: string;
  ok: boolean;
}
const stopped = (id: string): Answer => ({ id, text: `${id} stopped`, ok: true });
const notConfirmed = (id: string): Answer => ({ id, text: `${id}: stop NOT confirmed`, ok: false });

/** A notice over fake timers, with the texts it shows now. */
function notice() {
  let now: NoticeState<Answer> = null;
  const stop = new StopNotice<Answer>((state) => (now = state), (a) => a.ok, OK_MS);
  const shown = () => (Array.isArray(now) ? now.map((a) => a.text) : now);
  return { stop, shown };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the stop notice', () => {
  it('shows a press on its way, then its answers; confirmed stops close by themselves, a failure stays', () => {
    const { shown, stop } = notice();
    const first = stop.press();
    expect(shown()).toBe('sending');
    stop.answered(first, [stopped('crane')]);
    expect(shown()).toEqual(['crane stopped']);
    vi.advanceTimersByTime(OK_MS);
    expect(shown()).toBeNull();
    stop.answered(stop.press(), [notConfirmed('crane')]);
    vi.advanceTimersByTime(OK_MS * 3);
    expect(shown()).toEqual(['crane: stop NOT confirmed']);
  });

  it('an older press answering after a newer one does not replace its answer for the same equipment', () => {
    const { shown, stop } = notice();
    const older = stop.press();
    const newer = stop.press();
    stop.answered(newer, [notConfirmed('crane')]);
    stop.answered(older, [stopped('crane')]);
    expect(shown()).toEqual(['crane: stop NOT confirmed']);
    vi.advanceTimersByTime(OK_MS * 2);
    expect(shown()).toEqual(['crane: stop NOT confirmed']);
  });

  it("an older press's failure for equipment the newer press did not reach is shown, and keeps the notice up", () => {
    const { shown, stop } = notice();
    const everything = stop.press(); // from the overview: crane and rig
    const craneOnly = stop.press(); // then from the crane's page
    stop.answered(craneOnly, [stopped('crane')]);
    stop.answered(everything, [stopped('crane'), notConfirmed('rig')]);
    expect(shown()).toEqual(['crane stopped', 'rig: stop NOT confirmed']);
    vi.advanceTimersByTime(OK_MS * 2);
    expect(shown()).toEqual(['crane stopped', 'rig: stop NOT confirmed']);
  });

  it('does not close by itself while a press is still out, even when every answer so far is a confirmed stop', () => {
    const { shown, stop } = notice();
    const older = stop.press();
    const newer = stop.press();
    stop.answered(older, [stopped('crane')]);
    expect(shown()).toEqual(['crane stopped']);
    vi.advanceTimersByTime(OK_MS * 2);
    expect(shown()).toEqual(['crane stopped']);
    stop.answered(newer, [notConfirmed('crane')]);
    expect(shown()).toEqual(['crane: stop NOT confirmed']);
  });

  it('says so when a press had nothing to send to, and the operator closing it clears every answer', () => {
    const { shown, stop } = notice();
    stop.answered(stop.press(), []);
    expect(shown()).toEqual([]);
    vi.advanceTimersByTime(OK_MS * 2);
    expect(shown()).toEqual([]);
    stop.answered(stop.press(), [notConfirmed('crane')]);
    stop.close();
    expect(shown()).toBeNull();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('the auto-close is cancelled by the next press, and no timer is left once disposed', () => {
    const { shown, stop } = notice();
    stop.answered(stop.press(), [stopped('crane')]);
    vi.advanceTimersByTime(OK_MS - 1);
    const next = stop.press(); // the first press's timer must not close what this one brings
    vi.advanceTimersByTime(10);
    expect(shown()).toEqual(['crane stopped']);
    stop.answered(next, [notConfirmed('crane')]);
    vi.advanceTimersByTime(OK_MS);
    expect(shown()).toEqual(['crane: stop NOT confirmed']);
    stop.close();
    stop.answered(stop.press(), [stopped('crane')]);
    expect(vi.getTimerCount()).toBe(1);
    stop.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });
});
