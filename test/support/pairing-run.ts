/**
 * Reply-pairing runs: many reads against a fault device whose every register holds a value unique to its
 * address, so a reply paired with the wrong request shows as a wrong value. Used for RTU over TCP and RTU on a PTY.
 */
import { SerialPort } from 'serialport';
import type { DriverError } from '../../main/engine/drivers/driver-error';
import type { ModbusConnection } from '../../main/engine/drivers/modbus/connection';
import { FaultServer, type Fault } from './fault-server';
import { harness, modbusConnection } from './modbus-driver-harness';
import { startPtyPair } from './pty-pair';

/** Addresses the reads cycle through (a prime, so address and read index drift apart). */
const ADDRESSES = 211;

/** The value register `address` holds: distinct for every address read. */
export function valueAt(address: number): number {
  return (address * 7919 + 4242) & 0xffff;
}

/** What a run saw. */
export interface PairingTally {
  reads: number;
  right: number;
  wrong: number;
  /** The first few wrong reads, to show what was mispaired. */
  wrongSamples: string[];
  failed: Record<string, number>;
  ms: number;
}

/** A device end: the fault server reachable through `connection`, and how to take it down. */
interface Rig {
  server: FaultServer;
  connection: ModbusConnection;
  close(): Promise<void>;
}

/** The fault device on a loopback TCP port, spoken to as RTU over TCP. */
export async function rtuOverTcpRig(fault: (index: number) => Fault, timeoutMs: number): Promise<Rig> {
  const server = new FaultServer({ framing: 'rtu', fault: (_r, i) => fault(i) });
  const port = await server.listen(0);
  return { server, connection: modbusConnection({ protocol: 'modbus-rtu-tcp', host: '127.0.0.1', port, timeoutMs }), close: () => server.close() };
}

/** The fault device on the far end of a socat PTY pair, spoken to as serial RTU. */
export async function rtuSerialRig(fault: (index: number) => Fault, timeoutMs: number): Promise<Rig> {
  const line = await startPtyPair();
  const server = new FaultServer({ framing: 'rtu', fault: (_r, i) => fault(i) });
  const device = new SerialPort({ path: line.peer, baudRate: 115200 });
  await new Promise<void>((resolve, reject) => device.once('open', resolve).once('error', reject));
  server.accept(device);
  return {
    server,
    connection: modbusConnection({ protocol: 'modbus-rtu', path: line.device, baudRate: 115200, parity: 'none', timeoutMs }),
    close: async () => {
      await server.close();
      await new Promise<void>((resolve) => device.close(() => resolve()));
      await line.close();
    },
  };
}

/** Reads `reads` times (one or two registers, addresses cycling) and counts right, wrong and failed answers. */
export async function runPairing(rig: Rig, reads: number): Promise<PairingTally> {
  const image = rig.server.holding.get(1) as Uint16Array;
  for (let a = 0; a < ADDRESSES + 1; a++) image[a] = valueAt(a);
  const h = harness(rig.connection);
  const tally: PairingTally = { reads: 0, right: 0, wrong: 0, wrongSamples: [], failed: {}, ms: 0 };
  const started = performance.now();
  await h.driver.connect();
  try {
    for (let i = 0; i < reads; i++) {
      const address = (i * 37) % ADDRESSES;
      const count = i % 3 === 0 ? 2 : 1;
      tally.reads++;
      try {
        const values = (await h.driver.readRaw({ address: `holding:${address}`, count })).map((v) => v.value);
        const expected = Array.from({ length: count }, (_, k) => valueAt(address + k));
        if (values.length === count && values.every((v, k) => v === expected[k])) tally.right++;
        else {
          tally.wrong++;
          if (tally.wrongSamples.length < 5) tally.wrongSamples.push(`read ${i} holding:${address}×${count} got ${values.join(',')} expected ${expected.join(',')}`);
        }
      } catch (error) {
        const code = `${(error as DriverError).code}: ${(error as Error).message.replace(/\d+/g, 'N')}`;
        tally.failed[code] = (tally.failed[code] ?? 0) + 1;
      }
    }
  } finally {
    await h.driver.close();
    tally.ms = Math.round(performance.now() - started);
  }
  return tally;
}

/** The fault modes every RTU transport is run against. `timeoutMs` is the driver's request timeout. */
export function pairingModes(timeoutMs: number): Record<string, (index: number) => Fault> {
  return {
    // Half the copies back to back, half a little later (within the driver's quiet guard).
    'answers twice': (i) => (i % 2 === 0 ? 'twice' : { twiceAfterMs: 1 }),
    // Every 40th answer comes after the driver has given up on it.
    'answers late': (i) => (i % 40 === 7 ? { delayMs: Math.round(timeoutMs * 1.5) } : 'ok'),
    'split reply': () => ({ splitGapMs: 1 }),
    'trailing bytes': (i) => ({ trailingAfterMs: i % 2 === 0 ? 0 : 1 }),
  };
}
