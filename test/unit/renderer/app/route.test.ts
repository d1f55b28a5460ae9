/** Hash routes: parsing never throws (App renders from it before any page boundary), and ids round-trip. */
import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref } from '../../../../renderer/app/route-parse';

describe('parseRoute', () => {
  it('reads the simple pages and equipment ids, and shows the overview for anything unknown', () => {
    expect(parseRoute('#/alarms')).toEqual({ page: 'alarms' });
    expect(parseRoute('#/trends?tags=1,2')).toEqual({ page: 'trends' });
    expect(parseRoute('#/equipment')).toEqual({ page: 'equipment' });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'overview' });
    expect(parseRoute('')).toEqual({ page: 'overview' });
  });

  it('round-trips an equipment id through its href, non-ASCII included', () => {
    for (const id of ['sts-crane-1', '钻机 2', 'a/b?c%d']) expect(parseRoute(routeHref({ page: 'equipment', id }))).toEqual({ page: 'equipment', id });
  });

  it('keeps a malformed escape as typed instead of throwing (a truncated bookmark would unmount the whole window)', () => {
    expect(() => parseRoute('#/equipment/%E0%A4%A')).not.toThrow();
    expect(parseRoute('#/equipment/%E0%A4%A')).toEqual({ page: 'equipment', id: '%E0%A4%A' });
    expect(parseRoute('#/equipment/%')).toEqual({ page: 'equipment', id: '%' });
  });
});
