/**
 * Unit 0 (broadcast) against the real simulators: refused unless the site file allows it for the connection; when
 * allowed, sent without waiting for a reply and reported as broadcast, never as a timeout; reads on unit 0 never.
 * The ladle speaks RTU over TCP (a broadcast gets no reply), the crane Modbus TCP (it answers anyway: ignored).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContractError } from '../../../shared/contract/errors';
import type { ModbusDriver } from '../../../main/engine/drivers/modbus';
import { craneSimulator } from '../../../main/sim/crane/crane-sim';
import { ladleSimulator } from '../../../main/sim/ladle/ladle-sim';
import type { RunningSimulator } from '../../../main/sim/simulator';
import { modbusSite, startModbusEngine } from '../../support/modbus-engine';
import { until } from '../../support/modbus-driver-harness';

const dir = mkdtempSync(join(tmpdir(), 'rec-broadcast-'));
const sims: RunningSimulator[] = [];
const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const stop of stops) await stop();
  await Promise.all(sims.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `spec` on an ephemeral port and an engine on it; `protocol` as the simulator speaks it. */
async function engineOn(spec: typeof ladleSimulator, protocol: 'modbus-tcp' | 'modbus-rtu-tcp', allowBroadcast: boolean) {
  const sim = await spec.start({ host: '127.0.0.1', port: 0, dataDir: dir });
  sims.push(sim);
  const port = Number(new URL(sim.url).port);
  const h = await startModbusEngine(modbusSite({ protocol, host: '127.0.0.1', port, timeoutMs: 3000, allowBroadcast }, {}));
  stops.push(h.stop);
  await until(() => h.engine.supervisors.get('plc')?.status.state === 'connected', 10_000, 'connected');
  // Connected means answered: writes wait for the link monitor to have seen the device answer.
  await until(() => h.engine.link.linkOf('plc').quality !== 'lost', 10_000, 'answered');
  return h;
}

const SURVIVAL = 'holding:1'; // watchdog survival time: any console may set it (50..10000)
type Harness = Awaited<ReturnType<typeof engineOn>>;
const readSurvival = async (h: Harness) => (await h.client.request('modbus.read', { connectionId: 'plc', address: SURVIVAL })).values[0]?.value;
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => (e as ContractError).toShape());

describe('Modbus broadcast (unit 0)', () => {
  let strict: Harness;
  let ladle: Harness;
  let crane: Harness;
  beforeAll(async () => {
    strict = await engineOn(ladleSimulator, 'modbus-rtu-tcp', false);
    ladle = await engineOn(ladleSimulator, 'modbus-rtu-tcp', true);
    crane = await engineOn(craneSimulator, 'modbus-tcp', true);
  });

  it('is refused with a clear reason when the site file does not allow it, and nothing is sent', async () => {
    const before = await readSurvival(strict);
    const refused = await failure(strict.client.request('modbus.write', { connectionId: 'plc', unitId: 0, address: SURVIVAL, value: 4321 }));
    expect(refused).toMatchObject({ code: 'bad-request', message: expect.stringContaining('broadcast is off for connection "plc" (allowBroadcast'), details: { code: 'modbus-broadcast-refused' } });
    expect(await readSurvival(strict)).toBe(before);
  });

  it('refuses reads on unit 0 even where broadcast writes are allowed', async () => {
    const refused = await failure(ladle.client.request('modbus.read', { connectionId: 'plc', unitId: 0, address: SURVIVAL }));
    expect(refused).toMatchObject({ code: 'bad-request', message: expect.stringContaining('no device answers a read') });
  });

  it.each([
    ['RTU over TCP (no reply)', () => ladle, 1234],
    ['Modbus TCP (the reply is ignored)', () => crane, 2345],
  ])('when allowed on %s: sent, reported as broadcast, executed by the device, no timeout', async (_name, get, value) => {
    const h = get();
    const reply = await h.client.request('modbus.write', { connectionId: 'plc', unitId: 0, address: SURVIVAL, value });
    expect(reply).toEqual({ broadcast: true });
    let seen: unknown;
    for (let i = 0; i < 50 && seen !== value; i++) seen = await readSurvival(h); // the device acts on it, then answers reads
    expect(seen).toBe(value);
    const driver = h.engine.supervisors.get('plc')?.activeDriver as ModbusDriver;
    expect(driver.stats().timeouts).toBe(0);
    expect(h.engine.supervisors.get('plc')?.status.state).toBe('connected');
    // A multi-register broadcast (FC16): heartbeat 9 into holding:0 and survival value + 1 into holding:1.
    expect(await h.client.request('modbus.write', { connectionId: 'plc', unitId: 0, address: 'holding:0', type: 'uint32', value: 9 * 65536 + value + 1 })).toEqual({ broadcast: true });
    for (let i = 0; i < 50 && seen !== value + 1; i++) seen = await readSurvival(h);
    expect(seen).toBe(value + 1);
    expect(driver.stats().timeouts).toBe(0);
  });
});
