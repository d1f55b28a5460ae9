/** History request bounds: a range must be finite, within what a Date holds, and run forward. */
import { describe, expect, it } from 'vitest';
import { historyRequests } from '../../../shared/contract/requests/history';

const query = (from: number, to: number) => historyRequests['history.query'].request.safeParse({ signalIds: [1], from, to, widthPx: 100 });
const exportOf = (from: number, to: number) => historyRequests['history.export'].request.safeParse({ signalIds: [1], from, to });

describe('history request ranges', () => {
  it('refuses an extreme, infinite, reversed or empty range, and takes an ordinary one', () => {
    for (const check of [query, exportOf]) {
      expect(check(-1e308, 1e308).success).toBe(false);
      expect(check(0, Number.POSITIVE_INFINITY).success).toBe(false);
      expect(check(Number.NaN, 10).success).toBe(false);
      expect(check(10, 10).success).toBe(false);
      expect(check(20, 10).success).toBe(false);
      expect(check(-8.64e15, 8.64e15).success).toBe(true);
      expect(check(Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 2)).success).toBe(true);
    }
  });
});
