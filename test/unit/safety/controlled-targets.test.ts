/**
 * Command-only targets are found however a maintenance request spells them: OPC UA NodeIds as the server reads them
 * (a leading zero, the GUID's case), and a Modbus text written without a length as wide as the driver writes it.
 */
import { describe, expect, it } from 'vitest';
import { GUID, guardedTargets as targets } from '../../support/guarded-site';

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

  it('matches the table, not only bits against registers: an input register is not the holding register a command drives', () => {
    const t = targets();
    expect(t.modbus('plc', 1, 'holding:10', 'float32', undefined, 1)).toContain('jog');
    // Read-only tables share no address with the command's: the driver refuses these for their own reason.
    expect(t.modbus('plc', 1, 'input:10', 'float32', undefined, 1)).toBeUndefined();
    expect(t.modbus('plc', 1, 'input:11', undefined, undefined, 1)).toBeUndefined();
  });
});
