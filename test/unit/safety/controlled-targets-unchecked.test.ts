/**
 * When the OPC UA NodeId check itself fails (the library cannot load), a raw write to an OPC UA connection with
 * command targets is refused as command-only, never let through unchecked; the next write tries the check again.
 */
import { describe, expect, it, vi } from 'vitest';
import type * as NodeIdText from '../../../main/engine/drivers/opcua/node-id-text';
import { guardedTargets as targets } from '../../support/guarded-site';

let failures = 1;
vi.mock('../../../main/engine/drivers/opcua/node-id-text', async (original) => {
  const real = await original<typeof NodeIdText>();
  return {
    canonicalNodeIdText: (text: string) => {
      if (failures-- > 0) throw new Error('Cannot find package node-opcua');
      return real.canonicalNodeIdText(text);
    },
  };
});

describe('command-only targets when the check fails', () => {
  it('refuses, naming why, and checks again on the next write', async () => {
    const t = targets();
    expect(await t.opcuaNode('ua', 'ns=2;i=7')).toEqual({ unchecked: 'Cannot find package node-opcua' });
    expect(await t.opcuaNode('ua', 'ns=2;i=7')).toBeUndefined(); // checked this time: no command drives it
    expect(await t.opcuaNode('ua', 'ns=02;s=Rig.Start')).toBeDefined();
  });
});
