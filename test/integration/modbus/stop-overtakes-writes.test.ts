/**
 * A stop never waits behind more than one exchange, and no motion write reaches the device after it, whatever the
 * tag's table. On a real socket to a fault-injecting device (RTU frames over TCP, and Modbus TCP whose device has
 * no mask write): a bit write done as read-modify-write gives way to a stop that arrives between its exchanges, with
 * nothing of it written; a stop's own read-modify-write does not give way; motion writes to a coil or a bit wait as
 * their equipment's motion group, so a stop withdraws them like register writes; the same stop pressed over and over
 * while it waits is one write, so nothing behind it starves.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TagBinding } from '../../../main/engine/drivers/driver';
import { DriverError } from '../../../main/engine/drivers/driver-error';
import { FaultServer, type Fault, type SeenRequest } from '../../support/fault-server';
import { bindings, harness, modbusConnection, until } from '../../support/modbus-driver-harness';

const servers: FaultServer[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  for (const server of servers.splice(0)) await server.close();
});

/** Register 2 holds the bit written; the stop is a single register write to register 9. */
const BIT_REGISTER = 2;
const STOP_REGISTER = 9;

async function connected(framing: 'rtu' | 'mbap', fault: (request: SeenRequest) => Fault = () => 'ok') {
  const server = new FaultServer({ framing, units: [1], fault: (r) => fault(r) });
  server.holding.get(1)?.set([0, 0, 0b1010_0000, 0]);
  await server.listen(0);
  servers.push(server);
  const h = harness(modbusConnection({ protocol: framing === 'rtu' ? 'modbus-rtu-tcp' : 'modbus-tcp', host: '127.0.0.1', port: server.port, timeoutMs: 1000 }), []);
  await h.driver.connect();
  closers.push(() => h.driver.close());
  return { server, driver: h.driver };
}

/** The first exchange of a bit write: FC22 on Modbus TCP (answered exception 1), the read of the word on RTU framing. */
const firstExchange = (framing: 'rtu' | 'mbap') => (framing === 'mbap' ? 22 : 3);
const slowFirstExchange = (framing: 'rtu' | 'mbap') => (r: SeenRequest): Fault => (r.fc === firstExchange(framing) ? (r.fc === 22 ? { exception: 1, delayMs: 150 } : { delayMs: 150 }) : 'ok');
const wrote = (server: FaultServer, address: number) => server.seen.filter((r) => (r.fc === 6 || r.fc === 16) && r.address === address);

describe.each(['rtu', 'mbap'] as const)('%s framing', (framing) => {
  it('a bit write gives way to a stop that arrives between its exchanges: the stop goes next, the bit is never written', async () => {
    const { server, driver } = await connected(framing, slowFirstExchange(framing));
    const bit = driver.UNSAFE_writeRaw({ address: `holding:${BIT_REGISTER}.0`, value: true }, 'control');
    await until(() => server.outstanding === 1, 2000, "the bit write's first exchange on the wire");
    const stop = driver.UNSAFE_writeRaw({ address: `holding:${STOP_REGISTER}`, value: 1 }, 'stop');
    await expect(bit).rejects.toMatchObject({ kind: 'cancelled', code: 'yielded-to-stop' });
    await stop;
    // On the wire: the bit write's first exchange, then the stop; nothing of the bit write after it.
    expect(server.seen.map((r) => r.fc)).toEqual([firstExchange(framing), 6]);
    expect(server.holding.get(1)?.[STOP_REGISTER]).toBe(1);
    expect(server.holding.get(1)?.[BIT_REGISTER]).toBe(0b1010_0000);
    // The link is as usable as before: the same bit write, sent again, goes through.
    await driver.UNSAFE_writeRaw({ address: `holding:${BIT_REGISTER}.0`, value: true }, 'control');
    expect(server.holding.get(1)?.[BIT_REGISTER]).toBe(0b1010_0001);
  });

  it("a stop's own bit write does not give way to a second stop", async () => {
    const { server, driver } = await connected(framing, slowFirstExchange(framing));
    const first = driver.UNSAFE_writeRaw({ address: `holding:${BIT_REGISTER}.0`, value: true }, 'stop');
    await until(() => server.outstanding === 1, 2000, "the first stop's first exchange on the wire");
    const second = driver.UNSAFE_writeRaw({ address: `holding:${STOP_REGISTER}`, value: 1 }, 'stop');
    await Promise.all([first, second]);
    expect(server.holding.get(1)?.[BIT_REGISTER]).toBe(0b1010_0001);
    expect(wrote(server, BIT_REGISTER)).toHaveLength(1);
    expect(server.seen.at(-1)).toMatchObject({ fc: 6, address: STOP_REGISTER });
  });

  it('a motion bit write no longer wanted after its first exchange (an interlock tripped meanwhile) ends before its write', async () => {
    const { server, driver } = await connected(framing, slowFirstExchange(framing));
    const [bitTag] = bindings({ trolleyOut: { address: `holding:${BIT_REGISTER}.3`, type: 'bool', writable: true } }, 1) as [TagBinding];
    let wanted = true;
    let asked = 0;
    const write = driver.UNSAFE_write(bitTag, true, 'control', 'crane-1', () => (asked++, wanted));
    await until(() => server.outstanding === 1, 2000, "the bit write's first exchange on the wire");
    wanted = false;
    expect(await write).toMatchObject({ ok: false, error: { kind: 'cancelled', code: 'withdrawn-before-sending' } });
    expect(asked).toBe(2); // when its turn came, and before its next exchange
    expect(wrote(server, BIT_REGISTER)).toEqual([]);
    expect(server.holding.get(1)?.[BIT_REGISTER]).toBe(0b1010_0000);
  });

  it('with no stop waiting, a bit write runs all its exchanges (a maintenance read waiting does not end it)', async () => {
    const { server, driver } = await connected(framing, slowFirstExchange(framing));
    const bit = driver.UNSAFE_writeRaw({ address: `holding:${BIT_REGISTER}.0`, value: true }, 'control');
    await until(() => server.outstanding === 1, 2000, "the bit write's first exchange on the wire");
    const read = driver.readRaw({ address: `holding:${STOP_REGISTER}` });
    await bit;
    await read;
    expect(server.holding.get(1)?.[BIT_REGISTER]).toBe(0b1010_0001);
  });
});

describe('the same stop pressed over and over', () => {
  const slowWrite = (r: SeenRequest): Fault => (r.fc === 6 && r.address === 5 ? { delayMs: 150 } : 'ok');

  it.each(['rtu', 'mbap'] as const)('%s: 200 presses while the link is busy go out as one write per stop target; the heartbeat behind them is not starved', async (framing) => {
    const { server, driver } = await connected(framing, slowWrite);
    const slow = driver.UNSAFE_writeRaw({ address: 'holding:5', value: 1 }, 'control');
    await until(() => server.outstanding === 1, 2000, 'the slow write on the wire');
    const register = Array.from({ length: 200 }, () => driver.UNSAFE_writeRaw({ address: `holding:${STOP_REGISTER}`, value: 1 }, 'stop'));
    const bit = Array.from({ length: 50 }, () => driver.UNSAFE_writeRaw({ address: `holding:${BIT_REGISTER}.1`, value: true }, 'stop'));
    const heartbeat = driver.UNSAFE_writeRaw({ address: 'holding:0', value: 7 }, 'control');
    await Promise.all([slow, ...register, ...bit, heartbeat]);
    expect(wrote(server, STOP_REGISTER)).toHaveLength(1);
    expect(wrote(server, BIT_REGISTER)).toHaveLength(1);
    expect(server.holding.get(1)?.[BIT_REGISTER]).toBe(0b1010_0010);
    expect(server.holding.get(1)?.[0]).toBe(7);
    // A press after the stop went out is written again.
    await driver.UNSAFE_writeRaw({ address: `holding:${STOP_REGISTER}`, value: 1 }, 'stop');
    expect(wrote(server, STOP_REGISTER)).toHaveLength(2);
  });
});

describe('motion writes to coils and bits', () => {
  // A slow register write holds the link, so the motion writes queued behind it are still waiting when the stop comes.
  const slowWrite = (r: SeenRequest): Fault => (r.fc === 6 && r.address === 5 ? { delayMs: 150 } : 'ok');
  const tags = (): TagBinding[] =>
    bindings(
      {
        hoistUp: { address: 'coil:4', type: 'bool', writable: true },
        trolleyOut: { address: `holding:${BIT_REGISTER}.3`, type: 'bool', writable: true },
        lamp: { address: 'coil:7', type: 'bool', writable: true },
      },
      1,
    );

  it.each(['rtu', 'mbap'] as const)('%s: a stop on the equipment withdraws its waiting coil and bit motion writes; other writes go on', async (framing) => {
    const { server, driver } = await connected(framing, slowWrite);
    const [hoistUp, trolleyOut, lamp] = tags() as [TagBinding, TagBinding, TagBinding];
    const slow = driver.UNSAFE_writeRaw({ address: 'holding:5', value: 1 }, 'control');
    await until(() => server.outstanding === 1, 2000, 'the slow write on the wire');
    const coil = driver.UNSAFE_write(hoistUp, true, 'control', 'crane-1');
    const bit = driver.UNSAFE_write(trolleyOut, true, 'control', 'crane-1');
    const notMotion = driver.UNSAFE_write(lamp, true, 'control');
    expect(driver.cancelMotion('crane-1', 'stop pressed')).toBe(2);
    await slow;
    for (const withdrawn of [await coil, await bit]) {
      expect(withdrawn.ok).toBe(false);
      expect(withdrawn.ok ? undefined : withdrawn.error).toBeInstanceOf(DriverError);
      expect(withdrawn).toMatchObject({ error: { kind: 'cancelled', code: 'motion-cancelled-by-stop' } });
    }
    expect(await notMotion).toEqual({ ok: true });
    // Neither motion write went out; the lamp did.
    expect(server.seen.filter((r) => (r.fc === 5 && r.address === 4) || r.address === BIT_REGISTER)).toEqual([]);
    expect(server.seen.filter((r) => r.fc === 5 && r.address === 7)).toHaveLength(1);
    expect(server.coils.get(1)?.[7]).toBe(1);
  });
});
