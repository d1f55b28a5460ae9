/** The header's link badges on a large site: the worst links first, in site order within a level, the rest summed up. */
import { describe, expect, it } from 'vitest';
import { headerBadgeOrder } from '../../../renderer/link/header-badge-order';

const fleet = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `c${i + 1}` }));

describe('header badge order', () => {
  it('shows every equipment in site order while they fit', () => {
    expect(headerBadgeOrder(fleet(3), () => 'lost').shown.map((e) => e.id)).toEqual(['c1', 'c2', 'c3']);
  });

  it('on a large site puts lost, unsafe and degraded links first and sums up the rest', () => {
    const quality: Record<string, 'good' | 'degraded' | 'unsafe' | 'lost'> = { c7: 'degraded', c40: 'lost', c12: 'unsafe', c3: 'degraded' };
    const order = headerBadgeOrder(fleet(50), (id) => quality[id] ?? 'good');
    expect(order.shown.map((e) => e.id)).toEqual(['c40', 'c12']);
    expect(order.more).toBe(48);
    expect(order.moreNotGood).toBe(2); // c3 and c7, degraded, behind the "+48 more" badge
  });

  it('counts an equipment not measured yet as not good', () => {
    const order = headerBadgeOrder(fleet(5), (id) => (id === 'c5' ? undefined : 'good'));
    expect(order.shown.map((e) => e.id)).toEqual(['c5', 'c1']);
    expect(order).toMatchObject({ more: 3, moreNotGood: 0 });
  });
});
