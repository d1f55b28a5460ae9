/** A Retry press the engine did not act on says why; one it acted on says nothing (the state line shows it). */
import { describe, expect, it } from 'vitest';
import { NOTICE_MS, retryNotice, showsNotice } from '../../../renderer/diagnostics/retry-notice';

describe('retry notice', () => {
  it('says why a retry was not made, and nothing when it was', () => {
    expect(retryNotice({ retried: true })).toBe('diagnostics.retried'); // a retry that failed at once must not look like nothing
    expect(retryNotice({ retried: false, notRetried: 'too-soon' })).toBe('diagnostics.retryTooSoon');
    expect(retryNotice({ retried: false, notRetried: 'not-needed' })).toBe('diagnostics.retryNotNeeded');
  });

  it('shows a notice for a few seconds only: it must not stand beside a state that has moved on', () => {
    const notice = { key: 'diagnostics.retryTooSoon' as const, at: 1000 };
    expect(showsNotice(notice, 900)).toBe(true); // the page's clock ticks once a second: it may read a moment before
    expect(showsNotice(notice, 1000 + NOTICE_MS - 1)).toBe(true);
    expect(showsNotice(notice, 1000 + NOTICE_MS)).toBe(false);
    expect(showsNotice(undefined, 1000)).toBe(false);
  });
});
