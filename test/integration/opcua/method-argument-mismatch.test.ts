/**
 * A site's method command whose declared input (count, or built-in base type) does not fit the server's
 * InputArguments: the gate checks the value for the site's type, the call would encode it as the server's (int32 5
 * reached a String method as "5", float64 0.1 a Float one as 0.100000001, 1 a Boolean one as true, a missing input
 * was refused only by the server as BadArgumentsMissing). The driver warns of each at connect, once per connect, and
 * refuses its calls unsent with a readable reason; compatible types (Duration is a Double) go through. Engine, real
 * driver and a node-opcua server on loopback, which records each call its methods run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataType, DataTypeIds, StatusCodes, type Namespace, type UAObject, type Variant } from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SiteFile } from '../../../shared/site/schema';
import { closeAllPki } from '../../../main/engine/drivers/opcua/pki';
import { answered, startEngine, type EngineHarness } from '../../support/opcua-engine';
import { startTestOpcUaServer, type TestOpcUaServer } from '../../support/opcua-test-server';
import { TEST_USERS } from '../../support/test-users';

let server: TestOpcUaServer;
let harness: EngineHarness;
let dir: string;
/** Each call a method ran, with the type and value each input arrived as. */
const ran: string[] = [];

/** `Args.<name>` taking one input per entry of `types` (valueRank -1 unless given). */
function addMethod(namespace: Namespace, parent: UAObject, name: string, types: (number | object)[], valueRank = -1) {
  const method = namespace.addMethod(parent, {
    browseName: name,
    nodeId: `s=Args.${name}`,
    inputArguments: types.map((dataType, i) => ({ name: `in${i}`, dataType: dataType as never, valueRank, ...(valueRank > 0 ? { arrayDimensions: [0] } : {}) })),
    outputArguments: [],
  });
  method.bindMethod(async (args: Variant[], _context: unknown) => {
    ran.push(`${name}(${args.map((a) => `${DataType[a.dataType]}:${String(a.value)}`).join(',')})`);
    return { statusCode: StatusCodes.Good, outputArguments: [] };
  });
}

const method = (name: string, type?: string) => ({ kind: 'method', objectId: 'ns=1;s=Args', methodId: `ns=1;s=Args.${name}`, ...(type ? { argument: { type } } : {}) });

/** Command → what the site declares; the server's method is named in it. */
const COMMANDS = {
  intToString: method('TakesString', 'int32'),
  intToDouble: method('TakesDoubleInt', 'int32'),
  doubleToInt: method('TakesInt32', 'float64'),
  doubleToFloat: method('TakesFloat', 'float64'),
  intToBool: method('TakesBoolean', 'int32'),
  oneOfTwo: method('TakesTwo', 'float64'),
  noneOfOne: method('TakesDoubleNone'),
  oneOfNone: method('TakesNothingOne', 'float64'),
  scalarToArray: method('TakesArray', 'float64'),
  // Each on a method of its own: commands that share one must declare its input alike (refused at load otherwise).
  double: method('TakesDouble', 'float64'),
  // Fit: the same built-in type, or a subtype of it.
  doubleAlone: method('TakesDoubleAlone', 'float64'),
  duration: method('TakesDuration', 'float64'),
  nothing: method('TakesNothing'),
  // The server has no such method: warned of at connect (its call is answered BadNodeIdUnknown, unsent, as before).
  missing: method('NoSuchMethod', 'float64'),
};

function site(url: string): SiteFile {
  return SiteFile.parse({
    site: { name: 'method arguments' },
    connections: [{ id: 'ua', protocol: 'opcua', endpoint: url, security: { mode: 'None', policy: 'None' }, timeoutMs: 3000, connectRetries: 1, backoff: { initialMs: 100, maxMs: 300 } }],
    equipment: [{ id: 'eq', name: 'Eq', type: 'drill-rig', connection: 'ua', tags: { level: { address: 'ns=1;s=Args.Level', type: 'float64' } }, commands: COMMANDS }],
    users: TEST_USERS,
  });
}

async function connected(h: EngineHarness): Promise<void> {
  await h.waitForState((s) => s.state === 'connected');
  await answered(h, 'ua');
}

const warnings = (h: EngineHarness) => h.log.entries.filter((e) => e.code === 'opcua-method-mismatch').map((e) => e.message);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rec-ua-mismatch-'));
  server = await startTestOpcUaServer((namespace, objects) => {
    const args = namespace.addObject({ organizedBy: objects, browseName: 'Args', nodeId: 's=Args' });
    namespace.addVariable({ componentOf: args, browseName: 'Level', nodeId: 's=Args.Level', dataType: 'Double', value: { dataType: DataType.Double, value: 1 } });
    addMethod(namespace, args, 'TakesString', [DataType.String]);
    addMethod(namespace, args, 'TakesDouble', [DataType.Double]);
    addMethod(namespace, args, 'TakesDoubleInt', [DataType.Double]);
    addMethod(namespace, args, 'TakesDoubleNone', [DataType.Double]);
    addMethod(namespace, args, 'TakesDoubleAlone', [DataType.Double]);
    addMethod(namespace, args, 'TakesInt32', [DataType.Int32]);
    addMethod(namespace, args, 'TakesFloat', [DataType.Float]);
    addMethod(namespace, args, 'TakesBoolean', [DataType.Boolean]);
    addMethod(namespace, args, 'TakesTwo', [DataType.Double, DataType.Double]);
    addMethod(namespace, args, 'TakesNothing', []);
    addMethod(namespace, args, 'TakesNothingOne', []);
    addMethod(namespace, args, 'TakesArray', [DataType.Double], 1);
    addMethod(namespace, args, 'TakesDuration', [DataTypeIds.Duration]);
  });
  harness = startEngine(site(server.url), join(dir, 'engine'), 'operator');
  await connected(harness);
  await harness.loggedIn;
}, 60_000);

afterAll(async () => {
  await harness?.stop();
  await server?.close();
  await closeAllPki();
  rmSync(dir, { recursive: true, force: true });
});

const MISMATCHED = ['intToString', 'intToDouble', 'doubleToInt', 'doubleToFloat', 'intToBool', 'oneOfTwo', 'noneOfOne', 'oneOfNone', 'scalarToArray'];

describe('OPC UA method commands whose site declaration does not fit the server', () => {
  it('are warned of at connect, naming the method, the input, the declared and the actual type', () => {
    const found = warnings(harness);
    expect(found).toHaveLength(MISMATCHED.length);
    for (const command of MISMATCHED) expect(found.filter((m) => m.includes(`"${command}"`)), command).toHaveLength(1);
    expect(found).toContainEqual(expect.stringMatching(/^eq command "intToString" \(method ns=1;s=Args\.TakesString\): input 1 \(in0\) is declared int32 \(Int32\) in the site file, but the server's method takes String: the console refuses its calls/));
    expect(found).toContainEqual(expect.stringContaining('"doubleToFloat" (method ns=1;s=Args.TakesFloat): input 1 (in0) is declared float64 (Double) in the site file, but the server\'s method takes Float'));
    expect(found).toContainEqual(expect.stringContaining("\"oneOfTwo\" (method ns=1;s=Args.TakesTwo): the site file declares 1 input (float64), but the server's method takes 2 (in0, in1)"));
    expect(found).toContainEqual(expect.stringContaining("\"noneOfOne\" (method ns=1;s=Args.TakesDoubleNone): the site file declares no input, but the server's method takes 1 (in0): the server will refuse its calls"));
    expect(found).toContainEqual(expect.stringContaining('takes an array of Double (ValueRank 1)'));
    const unknown = harness.log.entries.filter((e) => e.code === 'opcua-method-unknown').map((e) => e.message);
    expect(unknown).toEqual(['eq command "missing" (method ns=1;s=Args.NoSuchMethod): the server knows no such method (BadNodeIdUnknown)']);
  });

  it('are refused when called, with a readable reason, and none runs on the server; fitting ones are sent', async () => {
    const take = await harness.client.request('control.take', { equipmentId: 'eq' });
    expect(take.outcome, JSON.stringify(take.outcome)).toMatchObject({ status: 'ok' });
    const execute = (command: string, value?: number) => harness.client.request('command.execute', { equipmentId: 'eq', command, ...(value !== undefined ? { value } : {}) }).then((r) => r.outcome);
    const values: Record<string, number | undefined> = { intToString: 5, intToDouble: 7, doubleToInt: 3, doubleToFloat: 0.1, intToBool: 1, oneOfTwo: 1.5, oneOfNone: 2, scalarToArray: 4 };
    ran.length = 0;
    for (const command of MISMATCHED.filter((c) => c !== 'noneOfOne')) {
      const outcome = await execute(command, values[command]);
      expect(outcome, command).toMatchObject({ status: 'refused', stage: 'value', code: 'argument-mismatch', text: expect.stringMatching(/does not fit the equipment's method .*The call was not sent: correct the site file or the server$/) as unknown });
    }
    // A call without inputs goes straight out, as a stop should (no reads first): the server refuses what it lacks.
    expect(await execute('noneOfOne')).toMatchObject({ status: 'device-rejected', text: expect.stringContaining('BadArgumentsMissing') as unknown });
    expect(await execute('intToString', 5)).toMatchObject({ text: `"intToString" does not fit the equipment's method ns=1;s=Args.TakesString: input 1 (in0) is declared int32 (Int32) in the site file, but the server's method takes String. The call was not sent: correct the site file or the server` });
    // Fitting ones are sent, each checked as its own command (the command service names it to the driver).
    expect(ran).toEqual([]);
    for (const [command, value] of [['double', 2.5], ['doubleAlone', 2.5], ['duration', 1500], ['nothing', undefined]] as const) expect(await execute(command, value), command).toMatchObject({ status: 'ok' });
    expect(ran).toEqual(['TakesDouble(Double:2.5)', 'TakesDoubleAlone(Double:2.5)', 'TakesDuration(Double:1500)', 'TakesNothing()']);
  });

  it('are warned of again at the next connect, once', async () => {
    const before = warnings(harness).length;
    const states = harness.states.length;
    server.closeSessions(); // the driver reports the link lost; the supervisor connects anew
    await harness.waitForState((s) => harness.states.indexOf(s) >= states && s.state !== 'connected');
    await harness.waitForState((s) => harness.states.indexOf(s) >= states && s.state === 'connected');
    await answered(harness, 'ua');
    expect(warnings(harness).length).toBe(before + MISMATCHED.length);
  });
});
