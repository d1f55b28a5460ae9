/** A real Modbus master (modbus-serial) reading the crane simulator through the link proxy: works on 5g-good, times out half-open. */
import type ModbusRTU from 'modbus-serial';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { craneSimulator } from '../../../main/sim/crane/crane-sim';
import { ControlMap } from '../../../main/sim/modbus-server/plc/control-map';
import type { RunningSimulator } from '../../../main/sim/simulator';
import { startLinkProxy, type LinkProxy } from '../../../main/sim/link-lab';
import { closeMaster, connectMaster } from './sim-clients';

describe('Modbus TCP through the link proxy', () => {
  let sim: RunningSimulator;
  let proxy: LinkProxy;
  let client: ModbusRTU;

  beforeAll(async () => {
    sim = await craneSimulator.start({ host: '127.0.0.1', port: 0, dataDir: '' });
    proxy = await startLinkProxy({ upstreamHost: '127.0.0.1', upstreamPort: Number(new URL(sim.url).port), profile: '5g-good' });
    client = await connectMaster('tcp', proxy.port);
  });

  afterAll(async () => {
    if (client) await closeMaster(client);
    await proxy?.close();
    await sim?.close();
  });

  it('writes and reads the crane on 5g-good', async () => {
    await client.writeRegister(ControlMap.holding.controlOwner, 7);
    const { data } = await client.readHoldingRegisters(ControlMap.holding.controlOwner, 1);
    expect(data).toEqual([7]);
    const stats = proxy.stats();
    expect(stats).toMatchObject({ profile: '5g-good', configuredRttMs: 10, connectionsOpen: 1 });
    expect(stats.up.chunks).toBe(2);
    expect(stats.down.chunks).toBe(2);
  });

  it('times out on half-open while the socket stays open, and answers again once the link carries', async () => {
    proxy.setProfile('half-open');
    client.setTimeout(300);
    const failure = await client.readHoldingRegisters(ControlMap.holding.controlOwner, 1).then(
      () => 'answered',
      (error: Error & { errno?: string }) => error.errno ?? error.message,
    );
    expect(failure).toBe('ETIMEDOUT');
    expect(client.isOpen).toBe(true);
    expect(proxy.stats()).toMatchObject({ halfOpen: true, connectionsOpen: 1, connectionsAccepted: 1 });
    expect(proxy.stats().up.bytesDropped).toBe(12); // the MBAP read request: 7-byte header + 5-byte PDU

    proxy.setProfile('5g-good');
    client.setTimeout(1000);
    const { data } = await client.readHoldingRegisters(ControlMap.holding.controlOwner, 1);
    expect(data).toEqual([7]);
  });
});
