/** Which sampling intervals keep-alives may vouch for, and the warning that names the ones they may not. */
import { describe, expect, it } from 'vitest';
import { slowItemsWarning, tooSlowForKeepAlives } from '../../../main/engine/drivers/opcua/slow-sampling';
import { Tag } from '../../../shared/site/schema';

describe('OPC UA slow sampling', () => {
  it('is too slow only beyond both the scan period and the timeout', () => {
    expect(tooSlowForKeepAlives(100, 100, 1000)).toBe(false); // as asked
    expect(tooSlowForKeepAlives(1000, 100, 1000)).toBe(false); // within the timeout's margin
    expect(tooSlowForKeepAlives(3000, 100, 1000)).toBe(true); // the server's MinimumSamplingInterval won
    expect(tooSlowForKeepAlives(2000, 2000, 1000)).toBe(false); // a slow scan class sampled at its own period
    expect(tooSlowForKeepAlives(2500, 2000, 1000)).toBe(true);
  });

  it('names each revised interval, the first five in full', () => {
    const item = (n: number) => ({ binding: { signalId: n, equipmentId: 'rig', unitId: 0, name: `t${n}`, tag: Tag.parse({ address: `ns=1;s=V${n}`, type: 'float64', scanClass: 'fast' }) }, requestedMs: 100, revisedMs: 3000, staleAfterMs: 2000 });
    const text = slowItemsWarning([1, 2, 3, 4, 5, 6, 7].map(item));
    expect(text).toContain('7 monitored item(s)');
    expect(text).toContain('ns=1;s=V1 every 3000 ms (asked 100 ms, stale after 2000 ms)');
    expect(text).toContain('ns=1;s=V5 every');
    expect(text).not.toContain('ns=1;s=V6');
    expect(text).toContain('and 2 more');
  });
});
