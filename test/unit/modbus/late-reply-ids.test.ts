import type ModbusRTU from 'modbus-serial';
import { describe, expect, it } from 'vitest';
import { LATE_REPLY_HOLD_MS, LateReplyIds, MAX_HELD_IDS, nextTransactionId } from '../../../main/engine/drivers/modbus/late-reply-ids';

/** A client as far as the ids go: modbus-serial's TcpPort keeps the next id in `_transactionIdWrite`. */
const clientAt = (next: number) => ({ _port: { _transactionIdWrite: next } }) as unknown as ModbusRTU;

describe('late reply ids', () => {
  it('moves the next id past the ids held, wrapping at 256, and lets them go after the hold', () => {
    let now = 0;
    const ids = new LateReplyIds(() => now);
    ids.hold(7);
    ids.hold(8);
    ids.hold(0);
    const client = clientAt(7);
    ids.skipHeld(client);
    expect(nextTransactionId(client)).toBe(9);
    const wrapping = clientAt(255);
    now = 10;
    ids.hold(255);
    ids.skipHeld(wrapping);
    expect(nextTransactionId(wrapping)).toBe(1); // 255 and 0 held
    now = LATE_REPLY_HOLD_MS + 1;
    const later = clientAt(7);
    ids.skipHeld(later);
    expect(nextTransactionId(later)).toBe(7);
    expect(ids.size).toBe(1); // 255 was held later than the others
  });

  it('holds at most MAX_HELD_IDS, the oldest released first, so most ids stay free', () => {
    const ids = new LateReplyIds(() => 0);
    for (let id = 0; id < 200; id++) ids.hold(id);
    expect(ids.size).toBe(MAX_HELD_IDS);
    const client = clientAt(0);
    ids.skipHeld(client);
    expect(nextTransactionId(client)).toBe(0); // released: among the oldest
    const busy = clientAt(100);
    ids.skipHeld(busy);
    expect(nextTransactionId(busy)).toBe(200);
  });

  it('leaves a client alone whose port does not say its next id', () => {
    const ids = new LateReplyIds();
    ids.hold(3);
    const odd = { _port: { _transactionIdWrite: 'x' } } as unknown as ModbusRTU;
    ids.skipHeld(odd);
    expect(nextTransactionId(odd)).toBeUndefined();
  });
});
