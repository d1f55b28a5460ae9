/** Helpers of the simulator suites: a modbus-serial master (real library, real socket) and register codecs. */
import ModbusRTU from 'modbus-serial';
import { float32Words, wordsToFloat32 } from '../../../main/sim/modbus-server/register-image';

/**
 * A connected modbus-serial master on Modbus TCP (`tcp`) or RTU over TCP (`rtu-tcp`: raw RTU frames with CRC in the
 * socket). modbus-serial's `connectTcpRTUBuffered` despite its name speaks MBAP framing; its raw-RTU-over-TCP port is
 * `connectTelnet`.
 */
export async function connectMaster(kind: 'tcp' | 'rtu-tcp', port: number, unitId = 1): Promise<ModbusRTU> {
  const client = new ModbusRTU();
  if (kind === 'tcp') await client.connectTCP('127.0.0.1', { port });
  else await client.connectTelnet('127.0.0.1', { port });
  client.setID(unitId);
  client.setTimeout(1000);
  return client;
}

/** Closes a master; never rejects. */
export function closeMaster(client: ModbusRTU): Promise<void> {
  return new Promise((resolve) => client.close(() => resolve()));
}

/** Writes a float32 (ABCD) into two holding registers. */
export async function writeFloat(client: ModbusRTU, address: number, value: number): Promise<void> {
  await client.writeRegisters(address, float32Words(value));
}

/** Reads a float32 (ABCD) from two input registers. */
export async function readInputFloat(client: ModbusRTU, address: number): Promise<number> {
  const { data } = await client.readInputRegisters(address, 2);
  return wordsToFloat32(data[0] ?? 0, data[1] ?? 0);
}

/** The Modbus exception code a request was answered with (undefined = it succeeded). */
export async function exceptionOf(request: Promise<unknown>): Promise<number | undefined> {
  try {
    await request;
    return undefined;
  } catch (error) {
    const code = (error as { modbusCode?: number }).modbusCode;
    if (code === undefined) throw error;
    return code;
  }
}

/** Polls `read` every `everyMs` until `done` holds or `timeoutMs` passes; returns the last value. */
export async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Writes an incrementing heartbeat every `periodMs` until stopped; resolves stop() after the last write settled. */
export function startHeartbeats(client: ModbusRTU, address: number, periodMs = 100): { stop(): Promise<number> } {
  let beat = 0;
  let lastAckAt = 0;
  let pending: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    beat = (beat + 1) & 0xffff;
    pending = client.writeRegister(address, beat).then(() => (lastAckAt = performance.now()), () => undefined);
  }, periodMs);
  return {
    async stop() {
      clearInterval(timer);
      await pending;
      return lastAckAt;
    },
  };
}
