import { describe, expect, it } from 'vitest';
import { opcuaRequests } from '../../../shared/contract/requests/opcua';

describe('OPC UA contract schemas', () => {
  it.each(['ns=1;s=Rig.Depth', 'i=85', 'ns=0;i=2258', 'ns=2;g=12345678-1234-1234-1234-123456789abc'])('accepts NodeId %s', (nodeId) => {
    expect(opcuaRequests['opcua.read'].request.safeParse({ connectionId: 'rig', nodeId }).success).toBe(true);
  });

  it.each(['', 'Rig.Depth', 'ns=1;x=Rig', 'ns=70000;s=A', 'i=abc'])('refuses NodeId %j with a readable message', (nodeId) => {
    const parsed = opcuaRequests['opcua.write'].request.safeParse({ connectionId: 'rig', nodeId, value: 1 });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/NodeId|namespace/);
  });

  it('accepts thumbprints as listed or pasted with colons, and refuses anything else', () => {
    const trust = opcuaRequests['certs.trust'].request;
    expect(trust.safeParse({ thumbprint: '7fab8fd3ab69c69a854195cefbfdafa92446dc3a' }).success).toBe(true);
    expect(trust.safeParse({ thumbprint: '7F:AB:8F:D3:AB:69:C6:9A:85:41:95:CE:FB:FD:AF:A9:24:46:DC:3A' }).success).toBe(true);
    expect(trust.safeParse({ thumbprint: '7fab' }).success).toBe(false);
    expect(trust.safeParse({ thumbprint: '../../etc/passwd' }).success).toBe(false);
  });

  it('defaults method inputs to none and bounds them', () => {
    const call = opcuaRequests['opcua.call'].request;
    expect(call.parse({ connectionId: 'rig', objectId: 'ns=1;s=Rig', methodId: 'ns=1;s=Rig.StopDrilling' }).inputs).toEqual([]);
    expect(call.safeParse({ connectionId: 'rig', objectId: 'ns=1;s=Rig', methodId: 'ns=1;s=Rig.SetFeed', inputs: Array(65).fill(1) }).success).toBe(false);
  });
});
