/**
 * The stop's result notice across overlapping presses: an older press answering late neither replaces the newer
 * press's answers nor arms an auto-close that would take down its "stop NOT confirmed" notice.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StopNotice, type NoticeState } from '../../../../renderer/app/stop-notice';

const OK_MS = 8000;

/** A notice over fake timers, with what it shows now. */
function notice() {
  const shown: { now: NoticeState<string> } = { now: null };
  return { shown, stop: new StopNotice<string>((state) => (shown.now = state), OK_MS) };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the stop notice', () => {
  it('shows a press on its way, then its answers; a confirmed stop closes by itself, a failed one stays', () => {
    const { shown, stop } = notice();
    const first = stop.press();
    expect(shown.now).toBe('sending');
    expect(stop.answered(first, ['crane stopped'], true)).toBe(true);
    expect(shown.now).toEqual(['crane stopped']);
    vi.advanceTimersByTime(OK_MS);
    expect(shown.now).toBeNull();
    const second = stop.press();
    stop.answered(second, ['crane: stop NOT confirmed'], false);
    vi.advanceTimersByTime(OK_MS * 3);
    expect(shown.now).toEqual(['crane: stop NOT confirmed']);
  });

  it('an older press answering after a newer one changes nothing: the newer failure stays up past the auto-close', () => {
    const { shown, stop } = notice();
    const older = stop.press();
    const newer = stop.press();
    stop.answered(newer, ['crane: stop NOT confirmed'], false);
    expect(stop.answered(older, ['crane stopped'], true)).toBe(false);
    expect(shown.now).toEqual(['crane: stop NOT confirmed']);
    vi.advanceTimersByTime(OK_MS * 2);
    expect(shown.now).toEqual(['crane: stop NOT confirmed']);
  });

  it('an older press answering while the newer is still out leaves it "sending" until its own answers come', () => {
    const { shown, stop } = notice();
    const older = stop.press();
    const newer = stop.press();
    stop.answered(older, ['crane stopped'], true);
    expect(shown.now).toBe('sending');
    vi.advanceTimersByTime(OK_MS);
    expect(shown.now).toBe('sending');
    stop.answered(newer, ['crane: no answer'], false);
    expect(shown.now).toEqual(['crane: no answer']);
  });

  it('the auto-close armed by one press is cancelled by the next press and by the operator closing it', () => {
    const { shown, stop } = notice();
    stop.answered(stop.press(), ['crane stopped'], true);
    vi.advanceTimersByTime(OK_MS - 1);
    const next = stop.press(); // the first press's timer must not close this one's notice
    vi.advanceTimersByTime(10);
    expect(shown.now).toBe('sending');
    stop.answered(next, ['crane: stop NOT confirmed'], false);
    vi.advanceTimersByTime(OK_MS);
    expect(shown.now).toEqual(['crane: stop NOT confirmed']);
    stop.close();
    expect(shown.now).toBeNull();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('leaves no timer behind once disposed', () => {
    const { stop } = notice();
    stop.answered(stop.press(), ['crane stopped'], true);
    expect(vi.getTimerCount()).toBe(1);
    stop.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });
});
