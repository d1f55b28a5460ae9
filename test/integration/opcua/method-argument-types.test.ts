/**
 * A method's inputs go out as the built-in type their declared DataType derives from: a server's own type
 * (ns=1;i=6, not Int32), standard subtypes (Duration → Double, UtcTime → DateTime), enumerations (Int32). When the
 * declared arguments cannot be read, or a type has no built-in base (abstract Number), the call is refused and not
 * sent, never sent as a guessed Double. A node-opcua server on loopback echoes the type each input arrived as.
 */
import { DataType, DataValue, DataTypeIds, StatusCodes, Variant, type Namespace, type UAObject } from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAllPki } from '../../../main/engine/drivers/opcua/pki';
import { startUaDriver, type UaDriverHarness } from '../../support/opcua-driver-harness';
import { startTestOpcUaServer, type TestOpcUaServer } from '../../support/opcua-test-server';

let server: TestOpcUaServer;
let ua: UaDriverHarness;
/** Calls each method's body ran. */
const ran: string[] = [];

/** `Args.<name>`: one input of `dataType`; answers the built-in type it arrived as and its value, as text. */
function addEcho(namespace: Namespace, parent: UAObject, name: string, dataType: string | number | object): ReturnType<Namespace['addMethod']> {
  const method = namespace.addMethod(parent, {
    browseName: name,
    nodeId: `s=Args.${name}`,
    inputArguments: [{ name: 'input', dataType: dataType as never, valueRank: -1 }],
    outputArguments: [{ name: 'arrivedAs', dataType: DataType.String }, { name: 'value', dataType: DataType.String }],
  });
  method.bindMethod(async (args: Variant[], _context: unknown) => {
    ran.push(name);
    const arg = args[0];
    const value = arg?.value instanceof Date ? arg.value.toISOString() : String(arg?.value);
    return { statusCode: StatusCodes.Good, outputArguments: [new Variant({ dataType: DataType.String, value: DataType[arg?.dataType ?? 0] }), new Variant({ dataType: DataType.String, value })] };
  });
  return method;
}

beforeAll(async () => {
  server = await startTestOpcUaServer((namespace, objects) => {
    const args = namespace.addObject({ organizedBy: objects, browseName: 'Args', nodeId: 's=Args' });
    // ns=1;i=6: this server's own type, a Double (its id number is Int32's in namespace 0).
    const speed = namespace.createDataType({ browseName: 'SpeedType', nodeId: 'i=6', isAbstract: false, subtypeOf: 'Double' });
    addEcho(namespace, args, 'OwnType', speed.nodeId);
    addEcho(namespace, args, 'Duration', DataTypeIds.Duration);
    addEcho(namespace, args, 'UtcTime', DataTypeIds.UtcTime);
    addEcho(namespace, args, 'Enumeration', DataTypeIds.ServerState);
    addEcho(namespace, args, 'AbstractNumber', DataTypeIds.Number);
    // Its InputArguments property answers Bad: the argument types cannot be known.
    const hidden = addEcho(namespace, args, 'Unreadable', DataType.Int16);
    hidden.inputArguments?.bindVariable({ timestamped_get: () => new DataValue({ statusCode: StatusCodes.BadNotReadable }) }, true);
  });
  ua = await startUaDriver(server.url, { start: false });
}, 30_000);

afterAll(async () => {
  await ua?.close();
  await server?.close();
  await closeAllPki();
});

const call = (name: string, input: unknown) => ua.driver.UNSAFE_call('ns=1;s=Args', `ns=1;s=Args.${name}`, [input]);

describe('OPC UA method argument types', () => {
  it("sends each input as its declared type's built-in base: a server's own type by its supertype, Duration, UtcTime, an enumeration", async () => {
    const results = {
      own: await call('OwnType', 2.5),
      duration: await call('Duration', 1500),
      utcTime: await call('UtcTime', '2025-01-02T03:04:05.678Z'),
      enumeration: await call('Enumeration', 3),
    };
    expect(results).toEqual({
      own: { status: 'Good', outputs: ['Double', '2.5'] },
      duration: { status: 'Good', outputs: ['Double', '1500'] },
      utcTime: { status: 'Good', outputs: ['DateTime', '2025-01-02T03:04:05.678Z'] },
      enumeration: { status: 'Good', outputs: ['Int32', '3'] },
    });
  });

  it('refuses, without sending, a call whose argument definitions cannot be read or whose type is abstract', async () => {
    ran.length = 0;
    const outcome = (name: string) =>
      call(name, 7).then(
        (result) => ({ sent: true, status: result.status }),
        (error: { kind: string; code: string; message: string }) => ({ kind: error.kind, code: error.code, message: error.message }),
      );
    expect(await outcome('Unreadable')).toEqual({ kind: 'invalid-request', code: 'argument-types-unknown', message: expect.stringMatching(/cannot read the input arguments of .*BadNotReadable.*not sent/) as unknown });
    expect(await outcome('AbstractNumber')).toEqual({ kind: 'invalid-request', code: 'argument-type-unknown', message: expect.stringMatching(/abstract or has no built-in base type: the call was not sent/) as unknown });
    expect(ran).toEqual([]);
    expect(ua.lost).toEqual([]);
  });
});
