/** A Retry press the engine did not act on says why; one it acted on says nothing (the state line shows it). */
import { describe, expect, it } from 'vitest';
import { retryNotice } from '../../../renderer/diagnostics/retry-notice';

describe('retry notice', () => {
  it('says why a retry was not made, and nothing when it was', () => {
    expect(retryNotice({ retried: true })).toBeUndefined();
    expect(retryNotice({ retried: false, notRetried: 'too-soon' })).toBe('diagnostics.retryTooSoon');
    expect(retryNotice({ retried: false, notRetried: 'not-needed' })).toBe('diagnostics.retryNotNeeded');
  });
});
