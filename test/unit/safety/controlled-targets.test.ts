/**
 * Command-only targets are found however a maintenance request spells them: OPC UA NodeIds as the server reads them
 * (a leading zero, the GUID's case), and a Modbus text written without a length as wide as the driver writes it.
 */
import { describe, expect, it } from 'vitest';
import type { TagBinding } from '../../../main/engine/drivers/driver';
import { ControlledTargets } from '../../../main/engine/safety/controlled-targets';
import { EquipmentIndex } from '../../../main/engine/safety/equipment-index';
import { SiteFile } from '../../../shared/site/schema';
import { TEST_USERS } from '../../support/test-users';

const GUID = '72962b91-fa75-4ae6-8d28-b404dc7daf63';

function targets(): ControlledTargets {
  const site = SiteFile.parse({
    site: { name: 'guarded' },
    connections: [
      { id: 'ua', protocol: 'opcua', endpoint: 'opc.tcp://127.0.0.1:4840', security: { mode: 'None', policy: 'None' } },
      { id: 'plc', protocol: 'modbus-tcp', host: '127.0.0.1', port: 502, unitId: 1 },
    ],
    equipment: [
      {
        id: 'rig', name: 'Rig', type: 'drill-rig', connection: 'ua',
        tags: { start: { address: 'ns=2;s=Rig.Start', type: 'bool', writable: true }, feed: { address: `ns=2;g=${GUID}`, type: 'float64', writable: true }, depth: { address: 'ns=2;i=7', type: 'float64' } },
        commands: { start: { kind: 'pulse', tag: 'start', value: true }, setFeed: { kind: 'setpoint', tag: 'feed' }, drill: { kind: 'method', objectId: 'ns=2;s=Rig', methodId: 'ns=2;i=5' } },
      },
      { id: 'crane', name: 'Crane', type: 'container-crane', connection: 'plc', tags: { ref: { address: 'holding:10', type: 'float32', writable: true } }, commands: { jog: { kind: 'jog', tag: 'ref', motion: true } } },
    ],
    users: TEST_USERS,
  });
  const bindings = new Map<string, TagBinding[]>();
  let signalId = 0;
  for (const eq of site.equipment) {
    const list = bindings.get(eq.connection) ?? [];
    for (const [name, tag] of Object.entries(eq.tags)) list.push({ signalId: signalId++, equipmentId: eq.id, unitId: 1, name, tag });
    bindings.set(eq.connection, list);
  }
  return new ControlledTargets(new EquipmentIndex(site, bindings));
}

describe('command-only targets', () => {
  it('finds an OPC UA node or method however its NodeId is spelled, and only those', async () => {
    const t = targets();
    for (const spelling of ['ns=2;s=Rig.Start', ' ns=02;s=Rig.Start ', `ns=2;g=${GUID.toUpperCase()}`, `ns=02;g=${GUID}`]) {
      expect(await t.opcuaNode('ua', spelling), spelling).toBeDefined();
    }
    for (const spelling of ['ns=2;i=5', 'ns=02;i=005']) expect(await t.opcuaMethod('ua', spelling), spelling).toContain('drill');
    expect(await t.opcuaNode('ua', 'ns=2;i=7')).toBeUndefined(); // a tag no command drives
    expect(await t.opcuaNode('ua', 'ns=2;s=rig.start')).toBeUndefined(); // string identifiers are case-sensitive
    expect(await t.opcuaNode('other', 'ns=2;s=Rig.Start')).toBeUndefined();
    expect(await t.opcuaNode('ua', 'not a node id')).toBeUndefined(); // the driver refuses it with its own reason
  });

  it('takes a Modbus text without a length as wide as its UTF-8 bytes', () => {
    const t = targets();
    expect(t.modbus('plc', 1, 'holding:6', 'string', undefined, 'abcdefgh')).toBeUndefined(); // holding 6..9
    expect(t.modbus('plc', 1, 'holding:6', 'string', undefined, 'abcdefghi')).toContain('jog'); // 6..10
    expect(t.modbus('plc', 1, 'holding:6', 'string', undefined, 'ééééé')).toContain('jog'); // 10 bytes: 6..10
    expect(t.modbus('plc', 1, 'holding:6', 'string', 8, 'abcdefghijkl')).toBeUndefined(); // a given length is what goes
  });
});
