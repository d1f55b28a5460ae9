/**
 * The jog block's sequence numbers never go backwards while we own the device: the device acknowledges a stale block
 * and ignores it, so a zero numbered below a reference already sent would leave the axis moving. Holds that arrive
 * while the device's last sequence is being read share that one read, and a reference withdrawn after it changes
 * nothing.
 */
import { describe, expect, it } from 'vitest';
import type { TagBinding } from '../../../main/engine/drivers/driver';
import type { DeviceAccess, DeviceResult } from '../../../main/engine/safety/device-access';
import type { ResolvedEquipment } from '../../../main/engine/safety/equipment-index';
import { jogBlockWriter } from '../../../main/engine/safety/jog-writer';

const binding = { tag: { name: 'hoistSpeedRef' } } as unknown as TagBinding;
const lastSeqBinding = { tag: { name: 'lastJogSeq' } } as unknown as TagBinding;
const eq = {
  connectionId: 'plc',
  protocol: 'modbus-tcp',
  equipment: { id: 'crane', unitId: 1, jog: { block: { address: 'holding:40', lastSeqTag: 'lastJogSeq' } }, commands: { hoistJog: { kind: 'jog', axis: 2 } } },
  tags: new Map([['lastJogSeq', lastSeqBinding]]),
} as unknown as ResolvedEquipment;

/**
 * A device whose sequence reads are answered when the test says so, each with the next of `lastSeqs` (the last one
 * repeats; a DeviceResult answers a failed read); block writes are recorded as (seq, speed ≠ 0), tag writes apart.
 */
function slowDevice(...lastSeqs: (number | DeviceResult)[]) {
  const reads: Array<() => void> = [];
  const writes: Array<{ seq: number; moving: boolean }> = [];
  const tagWrites: unknown[] = [];
  let answered = 0;
  let answering = false; // once the test lets the first reads through, later ones are answered at once
  const device = {
    readTag: () =>
      new Promise<DeviceResult>((resolve) => {
        const answer = () => {
          const next = lastSeqs[Math.min(answered++, lastSeqs.length - 1)] as number | DeviceResult;
          resolve(typeof next === 'number' ? { ok: true, value: next } : next);
        };
        if (answering) answer();
        else reads.push(answer);
      }),
    writeModbusRegisters: async (_c: string, _u: number, _a: string, registers: number[]) => {
      writes.push({ seq: registers[1]!, moving: registers[3] !== 0 || registers[4] !== 0 });
      return { ok: true } as DeviceResult;
    },
    writeTag: async (_eq: unknown, _binding: unknown, value: unknown) => {
      tagWrites.push(value);
      return { ok: true } as DeviceResult;
    },
  } as unknown as DeviceAccess;
  const answerReads = () => {
    answering = true;
    reads.splice(0).forEach((answer) => answer());
  };
  return { device, reads, writes, tagWrites, answerReads };
}

describe('jog block sequence numbers', () => {
  it('holds arriving while the last sequence is read share one read and are numbered in order', async () => {
    const d = slowDevice(7);
    const write = jogBlockWriter(d.device, 5);
    const first = write(eq, 'hoistJog', binding, 0.2);
    const second = write(eq, 'hoistJog', binding, 0.2);
    const third = write(eq, 'hoistJog', binding, 0.2);
    await Promise.resolve();
    expect(d.reads).toHaveLength(1);
    d.answerReads();
    await Promise.all([first, second, third]);
    expect(d.writes.map((w) => w.seq)).toEqual([8, 9, 10]);
  });

  it('a zero after a withdrawn first reference is still newer than everything sent', async () => {
    const d = slowDevice(0);
    const write = jogBlockWriter(d.device, 5);
    let wanted = true;
    const moving = write(eq, 'hoistJog', binding, 0.2); // the press that got through
    const late = write(eq, 'hoistJog', binding, 0.2, () => wanted); // a hold that ends while the read is on the wire
    wanted = false;
    d.answerReads();
    await moving;
    expect((await late).ok).toBe(false);
    await write(eq, 'hoistJog', binding, 0.2); // renewals
    await write(eq, 'hoistJog', binding, 0.2);
    await write(eq, 'hoistJog', binding, 0); // the release
    const seqs = d.writes.map((w) => w.seq);
    expect(d.writes.at(-1)).toEqual({ seq: Math.max(...seqs), moving: false });
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('taking control again starts a fresh count from the device, ignoring a read begun before', async () => {
    const d = slowDevice(3, 9); // the read begun before the take answers 3, the one after it 9
    const write = jogBlockWriter(d.device, 5);
    const before = write(eq, 'hoistJog', binding, 0.2);
    await Promise.resolve();
    write.restart('crane');
    const after = write(eq, 'hoistJog', binding, 0.2);
    d.answerReads();
    await Promise.all([before, after]);
    expect(d.writes.map((w) => w.seq)).toEqual([10, 11]);
  });

  it('a failed read of the sequence sends no reference (its number would be a guess); a zero goes to the speed register', async () => {
    const d = slowDevice({ ok: false, kind: 'timeout', code: 'modbus-timeout', text: 'no answer' });
    d.answerReads();
    const write = jogBlockWriter(d.device, 5);
    expect(await write(eq, 'hoistJog', binding, 0.2)).toMatchObject({ ok: false, kind: 'timeout' });
    expect(await write(eq, 'hoistJog', binding, 0)).toEqual({ ok: true });
    expect(d.writes).toEqual([]);
    expect(d.tagWrites).toEqual([0]);
  });
});
