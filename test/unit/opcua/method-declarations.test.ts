/** The site's method commands a connection's OPC UA driver checks against the server (methodDeclarations). */
import { describe, expect, it } from 'vitest';
import { methodDeclarations } from '../../../main/engine/drivers/opcua/method-declaration';
import { Equipment } from '../../../shared/site/schema';

const eq = (id: string, connection: string, commands: Record<string, unknown>) => Equipment.parse({ id, name: id, type: 'drill-rig', connection, tags: {}, commands });

describe('methodDeclarations', () => {
  it("lists the method commands of the connection's equipment, with their input's type when they declare one", () => {
    const equipment = [
      eq('a', 'ua', {
        set: { kind: 'method', objectId: 'ns=1;s=O', methodId: 'ns=1;s=O.Set', argument: { type: 'int32', range: [0, 9] } },
        stop: { kind: 'method', objectId: 'ns=1;s=O', methodId: 'ns=1;s=O.Stop' },
        pulse: { kind: 'pulse', tag: 't', value: 1 },
      }),
      eq('b', 'other', { set: { kind: 'method', objectId: 'ns=1;s=O', methodId: 'ns=1;s=O.Set', argument: { type: 'float64' } } }),
    ];
    expect(methodDeclarations(equipment, 'ua')).toEqual([
      { equipmentId: 'a', command: 'set', objectId: 'ns=1;s=O', methodId: 'ns=1;s=O.Set', argumentType: 'int32' },
      { equipmentId: 'a', command: 'stop', objectId: 'ns=1;s=O', methodId: 'ns=1;s=O.Stop' },
    ]);
  });
});
