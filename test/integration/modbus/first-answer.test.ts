/**
 * A connection is connected only once the link has answered, and any answer counts: on a line (or behind a gateway)
 * whose first unit is dead, the other units' answers connect it, degraded with that unit named silent, and their
 * values are good; a gateway answering 10/11 for the dead unit proves the link up too. Before, the first probe read
 * only the first unit, so such a line never connected and every healthy unit on it lost its values and control.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Quality } from '../../../shared/contract/telemetry';
import { SiteFile } from '../../../shared/site/schema';
import { FaultServer, type Fault } from '../../support/fault-server';
import { startModbusEngine } from '../../support/modbus-engine';
import { until } from '../../support/modbus-driver-harness';
import { TEST_USERS } from '../../support/test-users';

let server: FaultServer | undefined;
let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  await server?.close();
});

/** Two equipment on one Modbus TCP connection: unit 1 (first: the probe's unit) and unit 2. */
function twoUnits(port: number): SiteFile {
  return SiteFile.parse({
    site: { name: 'two units' },
    connections: [{ id: 'plc', protocol: 'modbus-tcp', host: '127.0.0.1', port, timeoutMs: 300, backoff: { initialMs: 50, maxMs: 200 } }],
    equipment: [
      { id: 'first', name: 'First', type: 'generic', connection: 'plc', unitId: 1, tags: { a: { address: 'holding:0', type: 'uint16' } } },
      { id: 'second', name: 'Second', type: 'generic', connection: 'plc', unitId: 2, tags: { b: { address: 'holding:0', type: 'uint16' } } },
    ],
    users: TEST_USERS,
  });
}

describe('the first answer on a line whose first unit is dead', () => {
  it.each<[string, Fault]>([
    ['silent', 'silent'],
    ['answered 11 by a gateway', { exception: 11, delayMs: 20 }],
  ])('unit 1 %s: the link connects on unit 2’s answers, degraded, unit 2’s values good', async (_, fault) => {
    server = new FaultServer({ framing: 'mbap', units: [1, 2], fault: (request) => (request.unitId === 1 ? fault : 'ok') });
    server.holding.get(2)?.set([42]);
    await server.listen(0);
    const harness = await startModbusEngine(twoUnits(server.port));
    stop = harness.stop;
    const b = harness.engine.signals.find((s) => s.tag === 'b')!;
    await until(() => harness.engine.store.get(b.id)?.quality === Quality.good && harness.engine.supervisors.get('plc')?.status.state === 'degraded', 10_000, 'unit 2 good on a degraded link');
    expect(harness.engine.store.get(b.id)?.value).toBe(42);
    expect(harness.engine.supervisors.get('plc')?.status.reason?.details?.code).toBe('modbus-unit-silent');
    expect(harness.states.map((s) => s.state)).not.toContain('backoff');
  });
});
