/** CRC-16/MODBUS (poly 0xA001 reflected, init 0xFFFF), as appended little-endian to every RTU frame. */

const TABLE = (() => {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let crc = n;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
    table[n] = crc;
  }
  return table;
})();

/** CRC-16/MODBUS of `bytes[start, end)`. */
export function crc16Modbus(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) crc = (crc >>> 8) ^ (TABLE[(crc ^ (bytes[i] ?? 0)) & 0xff] ?? 0);
  return crc;
}

/** True when the last two bytes of `frame` are the CRC of the rest (low byte first). */
export function hasValidCrc(frame: Uint8Array): boolean {
  if (frame.length < 4) return false;
  const crc = crc16Modbus(frame, 0, frame.length - 2);
  return frame[frame.length - 2] === (crc & 0xff) && frame[frame.length - 1] === crc >>> 8;
}

/** `body` followed by its CRC (a new buffer; `body` is not touched). */
export function withCrc(body: Uint8Array): Buffer {
  const frame = Buffer.alloc(body.length + 2);
  frame.set(body, 0);
  const crc = crc16Modbus(body);
  frame.writeUInt16LE(crc, body.length);
  return frame;
}
