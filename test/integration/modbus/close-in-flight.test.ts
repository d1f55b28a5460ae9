/**
 * Closing a link with a request in flight leaves no library timer behind: modbus-serial keeps a timeout per request
 * that only its `destroy` clears, and the RTU framings close (to wait until the port is released). That timer held
 * every `rec-console start` open for a second after its console had stopped (the ladle's RTU over TCP link is
 * usually mid-request), and fired into a closed client. Real socket device on loopback that never answers in time.
 */
import { createHook } from 'node:async_hooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FaultServer } from '../../support/fault-server';
import { bindings, harness, modbusConnection, until } from '../../support/modbus-driver-harness';

const device = new FaultServer({ framing: 'rtu', units: [1], fault: () => ({ delayMs: 60_000 }) });
beforeAll(async () => device.listen(0));
afterAll(async () => device.close());

/** Timers created by modbus-serial, while `run` runs. */
async function libraryTimers(run: (timers: Set<NodeJS.Timeout>) => Promise<void>): Promise<void> {
  const timers = new Set<NodeJS.Timeout>();
  const hook = createHook({
    init(_id, type, _trigger, resource) {
      if (type === 'Timeout' && new Error().stack?.includes('modbus-serial')) timers.add(resource as NodeJS.Timeout);
    },
  }).enable();
  try {
    await run(timers);
  } finally {
    hook.disable();
  }
}

for (const protocol of ['modbus-rtu-tcp', 'modbus-tcp'] as const) {
  it(`${protocol}: closing with a request in flight clears the library's timeout of it`, async () => {
    const server = protocol === 'modbus-tcp' ? new FaultServer({ framing: 'mbap', units: [1], fault: () => ({ delayMs: 60_000 }) }) : device;
    if (server !== device) await server.listen(0);
    try {
      const h = harness(modbusConnection({ protocol, host: '127.0.0.1', port: server.port, timeoutMs: 30_000 }), bindings({ a: { address: 'holding:0', type: 'uint16', scanClass: 'fast' } }), { fast: 50 });
      await libraryTimers(async (timers) => {
        await h.driver.connect().catch(() => undefined); // the connect's probe goes unanswered too
        await h.driver.start();
        await until(() => [...timers].some((t) => t.hasRef() && !(t as unknown as { _destroyed: boolean })._destroyed), 5000, 'a request in flight');
        await h.driver.close();
        const left = [...timers].filter((t) => !(t as unknown as { _destroyed: boolean })._destroyed && t.hasRef());
        expect(left).toHaveLength(0);
      });
    } finally {
      if (server !== device) await server.close();
    }
  });
}
