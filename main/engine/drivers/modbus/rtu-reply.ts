/**
 * Pure checks that an RTU reply fits the request it answers. RTU frames carry no transaction id, so the only
 * defences against pairing a reply with the wrong request are: the reply must start at the first byte received
 * after the request, and it must fit it — same unit id, same function code (or its exception), the exact byte
 * count for a read, a valid CRC. (Write echoes are compared with the request by the transport, for every framing.)
 */

/** What the request just sent lets us expect of its reply. */
export interface ReplyExpectation {
  unitId: number;
  functionCode: number;
  /** Total frame length of a normal reply, CRC included. */
  length: number;
  /** For reads (FC1–4): the byte-count field the reply must carry. */
  byteCount?: number;
}

/** The verdict on the bytes received so far. */
export type ReplyVerdict = { state: 'incomplete' } | { state: 'frame'; length: number } | { state: 'mismatch'; reason: string };

const EXCEPTION_LENGTH = 5;

/** CRC-16/MODBUS of `bytes`. */
export function crc16(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let i = 0; i < 8; i++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

/** The expectation for an RTU request frame (unit, FC, data…, CRC); undefined for a frame too short to be one. */
export function expectReply(request: Uint8Array): ReplyExpectation | undefined {
  if (request.length < 4) return undefined;
  const unitId = request[0] as number;
  const functionCode = request[1] as number;
  const quantity = request.length >= 6 ? ((request[4] as number) << 8) | (request[5] as number) : 0;
  switch (functionCode) {
    case 1:
    case 2: {
      const byteCount = Math.ceil(quantity / 8);
      return { unitId, functionCode, length: 5 + byteCount, byteCount };
    }
    case 3:
    case 4: {
      const byteCount = quantity * 2;
      return { unitId, functionCode, length: 5 + byteCount, byteCount };
    }
    case 5:
    case 6:
    case 15:
    case 16:
      return { unitId, functionCode, length: 8 };
    case 22:
      return { unitId, functionCode, length: 10 };
    default:
      return undefined;
  }
}

/** Judges `bytes` (everything received since the request was sent) against `expected`. */
export function judgeReply(bytes: Uint8Array, expected: ReplyExpectation): ReplyVerdict {
  if (bytes.length === 0) return { state: 'incomplete' };
  const unitId = bytes[0] as number;
  if (unitId !== expected.unitId) return { state: 'mismatch', reason: `reply from unit ${unitId}, expected unit ${expected.unitId}` };
  if (bytes.length < 2) return { state: 'incomplete' };
  const functionCode = bytes[1] as number;
  const isException = functionCode === (expected.functionCode | 0x80);
  if (!isException && functionCode !== expected.functionCode) {
    return { state: 'mismatch', reason: `reply with function code ${functionCode}, expected ${expected.functionCode}` };
  }
  if (!isException && expected.byteCount !== undefined && bytes.length >= 3 && bytes[2] !== expected.byteCount) {
    return { state: 'mismatch', reason: `reply with ${bytes[2]} data bytes, expected ${expected.byteCount}` };
  }
  const length = isException ? EXCEPTION_LENGTH : expected.length;
  if (bytes.length < length) return { state: 'incomplete' };
  const crc = (bytes[length - 2] as number) | ((bytes[length - 1] as number) << 8);
  if (crc !== crc16(bytes.subarray(0, length - 2))) return { state: 'mismatch', reason: 'reply with a bad CRC' };
  return { state: 'frame', length };
}

/** True when `a` and `b` hold the same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
