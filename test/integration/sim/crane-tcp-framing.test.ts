/** MBAP framing of the crane simulator with raw sockets: pipelining, split segments, unit ids, lost framing. */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { craneSimulator } from '../../../main/sim/crane/crane-sim';
import type { RunningSimulator } from '../../../main/sim/simulator';

/** An MBAP request: transaction id, protocol 0, length, unit, PDU. */
function mbap(transaction: number, unit: number, pdu: number[], protocol = 0): Buffer {
  const header = Buffer.alloc(7);
  header.writeUInt16BE(transaction, 0);
  header.writeUInt16BE(protocol, 2);
  header.writeUInt16BE(pdu.length + 1, 4);
  header[6] = unit;
  return Buffer.concat([header, Buffer.from(pdu)]);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('crane simulator: Modbus TCP framing', () => {
  let sim: RunningSimulator;
  let port: number;
  const sockets: Socket[] = [];

  async function open(): Promise<{ socket: Socket; received: () => Buffer; closed: () => boolean }> {
    const socket = connect({ host: '127.0.0.1', port });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    let received = Buffer.alloc(0);
    let closed = false;
    socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
    socket.on('close', () => (closed = true));
    return { socket, received: () => received, closed: () => closed };
  }

  beforeAll(async () => {
    sim = await craneSimulator.start({ host: '127.0.0.1', port: 0, dataDir: '' });
    port = Number(new URL(sim.url).port);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await sim?.close();
  });

  it('answers pipelined requests in order with their transaction ids, and reassembles split requests', async () => {
    const { socket, received } = await open();
    socket.write(Buffer.concat([mbap(0x0101, 1, [3, 0, 1, 0, 1]), mbap(0x0202, 1, [4, 0, 29, 0, 1])]));
    const split = mbap(0x0303, 1, [3, 0, 4, 0, 1]);
    socket.write(split.subarray(0, 5));
    await sleep(50);
    socket.write(split.subarray(5));
    await sleep(150);
    expect(received().toString('hex')).toBe(
      [
        '0101000000050103' + '02' + '01f4', // survival 500 ms
        '0202000000050104' + '02' + '0001', // twistlocks unlocked
        '0303000000050103' + '02' + '0001', // remote mode
      ].join(''),
    );
  });

  it('answers unit 255 and 0 as itself, and exception 11 for another unit id', async () => {
    const { socket, received } = await open();
    socket.write(mbap(1, 255, [3, 0, 1, 0, 1]));
    socket.write(mbap(2, 0, [3, 0, 1, 0, 1]));
    socket.write(mbap(3, 9, [3, 0, 1, 0, 1]));
    await sleep(150);
    expect(received().toString('hex')).toBe(['000100000005ff030201f4', '00020000000500030201f4', '00030000000309830b'].join(''));
  });

  it('drops a connection whose framing is lost (protocol id not 0) and keeps serving others', async () => {
    const bad = await open();
    bad.socket.write(mbap(1, 1, [3, 0, 1, 0, 1], 7));
    await sleep(150);
    expect(bad.closed()).toBe(true);
    expect(bad.received()).toHaveLength(0);
    const good = await open();
    good.socket.write(mbap(9, 1, [3, 0, 1, 0, 1]));
    await sleep(100);
    expect(good.received().toString('hex')).toBe('000900000005010302' + '01f4');
  });
});
