/**
 * The rig simulator's `Rig.Sim.DepthUncertain` switch, end to end on the engine's own path: the simulator in its own
 * process, a real engine subscribed over SignAndEncrypt, the switch written by a node-opcua client as a test rig
 * would. The hole depth reads uncertain (its number still delivered) while the switch is on and good once it is off,
 * other measurements stay good, and history marks the stretch as an uncertain period.
 */
import { AttributeIds, DataType, MessageSecurityMode, OPCUAClient, SecurityPolicy, StatusCodes, UserTokenType } from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OPCUA_PASSWORD, DEMO_OPCUA_USER } from '../../../main/sim/demo-credentials';
import { Quality } from '../../../shared/contract/telemetry';
import { until } from '../../support/modbus-driver-harness';
import { rigSite, type EngineHarness } from '../../support/opcua-engine';
import type { RigSimProcess } from '../../support/rig-sim-process';
import { startRigWithEngine, type RigWithEngine } from '../../support/rig-with-engine';

const SWITCH = 'ns=1;s=Rig.Sim.DepthUncertain';

let sim: RigSimProcess;
let harness: EngineHarness;
let rig: RigWithEngine | undefined;

beforeAll(async () => {
  rig = await startRigWithEngine('rec-rig-uncertain-', (endpoint) => rigSite({ endpoint, tags: { depth: 'ns=1;s=Rig.Depth', hammerPressure: 'ns=1;s=Rig.HammerPressure' } }));
  ({ sim, harness } = rig);
}, 60_000);

afterAll(async () => rig?.stop());

/** Writes the switch as the demo operator (anonymous sessions may not write); returns the write's status and the switch read back. */
async function setSwitch(on: boolean): Promise<{ written: string; readBack: unknown }> {
  const client = OPCUAClient.create({ securityMode: MessageSecurityMode.None, securityPolicy: SecurityPolicy.None, endpointMustExist: false, connectionStrategy: { maxRetry: 0 } });
  await client.connect(sim.url);
  try {
    const session = await client.createSession({ type: UserTokenType.UserName, userName: DEMO_OPCUA_USER, password: DEMO_OPCUA_PASSWORD });
    try {
      const status = await session.write({ nodeId: SWITCH, attributeId: AttributeIds.Value, value: { value: { dataType: DataType.Boolean, value: on } } });
      const readBack = await session.read({ nodeId: SWITCH, attributeId: AttributeIds.Value });
      return { written: status.name, readBack: readBack.value.value };
    } finally {
      await session.close();
    }
  } finally {
    await client.disconnect();
  }
}

/** The engine's current value of a rig tag. */
function current(tag: string) {
  const signal = harness.engine.signals.find((s) => s.tag === tag);
  if (!signal) throw new Error(`no signal ${tag}`);
  return { id: signal.id, value: harness.engine.store.get(signal.id) };
}

describe('Rig.Sim.DepthUncertain', () => {
  it('makes the engine read the hole depth uncertain with its number while on, good again once off, and history marks the stretch', async () => {
    await until(() => current('depth').value?.quality === Quality.good && current('hammerPressure').value?.quality === Quality.good, 15_000, 'good values');
    const from = Date.now() - 1000;

    const switchedOn = Date.now(); // the write lands after this: the status change is stamped no earlier
    const on = await setSwitch(true);
    expect(on).toEqual({ written: StatusCodes.Good.name, readBack: true });
    await until(() => current('depth').value?.quality === Quality.uncertain, 10_000, 'the depth uncertain');
    const doubted = current('depth').value!;
    expect(typeof doubted.value).toBe('number'); // the value still arrives: uncertain, not bad
    expect(Number.isFinite(doubted.value)).toBe(true);
    expect(doubted.sourceTime).toBeGreaterThanOrEqual(switchedOn); // stamped when its status changed
    expect(current('hammerPressure').value?.quality).toBe(Quality.good); // only the switched measurement is doubted

    const off = await setSwitch(false);
    expect(off).toEqual({ written: StatusCodes.Good.name, readBack: false });
    await until(() => current('depth').value?.quality === Quality.good, 10_000, 'the depth good again');
    const goodAgain = Date.now();
    expect(typeof current('depth').value?.value).toBe('number');

    await harness.engine.history.flush();
    const ids = [current('depth').id, current('hammerPressure').id];
    const { series } = await harness.client.request('history.query', { signalIds: ids, from, to: Date.now() + 1000, widthPx: 2000 });
    const depth = series.find((s) => s.signalId === ids[0]);
    expect(depth?.uncertain).toHaveLength(1);
    const [start, end] = depth!.uncertain![0]!;
    expect(start).toBeGreaterThanOrEqual(switchedOn);
    expect(end).toBeGreaterThan(start);
    expect(end).toBeLessThanOrEqual(goodAgain);
    expect(depth?.gaps ?? []).toEqual([]); // doubted is not missing: no gap
    expect(series.find((s) => s.signalId === ids[1])?.uncertain ?? []).toEqual([]);
  }, 60_000);
});
