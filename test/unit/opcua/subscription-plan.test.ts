import { describe, expect, it } from 'vitest';
import { Tag } from '../../../shared/site/schema';
import type { TagBinding } from '../../../main/engine/drivers/driver';
import { planSubscriptions } from '../../../main/engine/drivers/opcua/subscription-plan';

function binding(signalId: number, tag: Record<string, unknown>): TagBinding {
  return { signalId, equipmentId: 'rig', unitId: 0, name: `t${signalId}`, tag: Tag.parse({ address: `ns=1;s=T${signalId}`, type: 'float64', ...tag }) };
}

const scan = { fast: 100, normal: 250, slow: 1000 };

describe('subscription plan', () => {
  it('makes one subscription per scan class and one group per monitoring parameters', () => {
    const plans = planSubscriptions(
      [binding(0, { scanClass: 'fast' }), binding(1, { scanClass: 'slow' }), binding(2, { scanClass: 'fast', samplingMs: 50 }), binding(3, { scanClass: 'fast' })],
      scan,
      1000,
    );
    expect(plans.map((p) => p.publishingMs)).toEqual([100, 1000]);
    expect(plans[0]?.chunks.map((c) => [c.samplingMs, c.bindings.map((b) => b.signalId)])).toEqual([
      [100, [0, 3]],
      [50, [2]],
    ]);
  });

  it('chunks groups to the server limit per call', () => {
    const many = Array.from({ length: 2501 }, (_, i) => binding(i, { scanClass: 'fast' }));
    const [plan] = planSubscriptions(many, scan, 1000);
    expect(plan?.chunks.map((c) => c.bindings.length)).toEqual([1000, 1000, 501]);
    expect(plan?.chunks.flatMap((c) => c.bindings.map((b) => b.signalId))).toEqual(many.map((b) => b.signalId));
  });

  it('keeps queue size and converts the deadband to raw units; none for strings and bools', () => {
    const plans = planSubscriptions(
      [binding(0, { deadband: 0.5, scale: 0.1, queueSize: 5 }), binding(1, { type: 'string', deadband: 2 }), binding(2, { type: 'bool', deadband: 1 })],
      scan,
      10,
    );
    const chunks = plans[0]?.chunks ?? [];
    expect(chunks[0]).toMatchObject({ deadband: 5, queueSize: 5 });
    expect(chunks[1]).toMatchObject({ deadband: 0, queueSize: 1 });
    expect(chunks[1]?.bindings.map((b) => b.signalId)).toEqual([1, 2]);
  });
});
