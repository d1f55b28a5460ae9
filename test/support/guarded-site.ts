/** A site whose command targets span OPC UA (a tag, a GUID-named tag, a method) and Modbus (a jog's register pair). */
import type { TagBinding } from '../../main/engine/drivers/driver';
import { ControlledTargets } from '../../main/engine/safety/controlled-targets';
import { EquipmentIndex } from '../../main/engine/safety/equipment-index';
import { SiteFile } from '../../shared/site/schema';
import { TEST_USERS } from './test-users';

export const GUID = '72962b91-fa75-4ae6-8d28-b404dc7daf63';

/** The command-only targets of that site. */
export function guardedTargets(): ControlledTargets {
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
      { id: 'crane', name: 'Crane', type: 'container-crane', connection: 'plc', tags: { ref: { address: 'holding:10', type: 'float32', writable: true } }, commands: { jog: { kind: 'jog', tag: 'ref', motion: true }, stop: { kind: 'pulse', tag: 'ref', value: 0 } } },
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
