/** Codec table tests: every type × word order against hand-computed register images, extremes, policies. */
import { describe, expect, it } from 'vitest';
import { DATA_TYPES, WORD_ORDERS, type DataType, type WordOrder } from '../../../shared/site/data-types';
import { CodecError, widthOf, decodeBit, decodeRegisters, decodeRegistersAt, encodeRegisters, shortestFloat32, withBit, type RawValue } from '../../../main/engine/drivers/modbus/codecs';
import { toEngineering, toRaw } from '../../../main/engine/drivers/modbus/scaling';
import { parseValueText, toJsonValue } from '../../../main/engine/drivers/modbus/value-text';

/** Register images written out by hand from the byte names: A is the most significant byte. */
const IMAGES: { type: DataType; value: RawValue; images: Record<WordOrder, number[]> }[] = [
  { type: 'uint16', value: 0x0102, images: { ABCD: [0x0102], CDAB: [0x0102], BADC: [0x0201], DCBA: [0x0201] } },
  { type: 'int16', value: -2, images: { ABCD: [0xfffe], CDAB: [0xfffe], BADC: [0xfeff], DCBA: [0xfeff] } },
  { type: 'uint32', value: 0x01020304, images: { ABCD: [0x0102, 0x0304], CDAB: [0x0304, 0x0102], BADC: [0x0201, 0x0403], DCBA: [0x0403, 0x0201] } },
  { type: 'int32', value: -2, images: { ABCD: [0xffff, 0xfffe], CDAB: [0xfffe, 0xffff], BADC: [0xffff, 0xfeff], DCBA: [0xfeff, 0xffff] } },
  // 12.5f = 0x41480000
  { type: 'float32', value: 12.5, images: { ABCD: [0x4148, 0x0000], CDAB: [0x0000, 0x4148], BADC: [0x4841, 0x0000], DCBA: [0x0000, 0x4841] } },
  // -1.5 = 0xBFF8000000000000
  { type: 'float64', value: -1.5, images: { ABCD: [0xbff8, 0, 0, 0], CDAB: [0, 0, 0, 0xbff8], BADC: [0xf8bf, 0, 0, 0], DCBA: [0, 0, 0, 0xf8bf] } },
  {
    type: 'uint64',
    value: 0x0102030405060708n,
    images: {
      ABCD: [0x0102, 0x0304, 0x0506, 0x0708],
      CDAB: [0x0708, 0x0506, 0x0304, 0x0102],
      BADC: [0x0201, 0x0403, 0x0605, 0x0807],
      DCBA: [0x0807, 0x0605, 0x0403, 0x0201],
    },
  },
  { type: 'int64', value: -2n, images: { ABCD: [0xffff, 0xffff, 0xffff, 0xfffe], CDAB: [0xfffe, 0xffff, 0xffff, 0xffff], BADC: [0xffff, 0xffff, 0xffff, 0xfeff], DCBA: [0xfeff, 0xffff, 0xffff, 0xffff] } },
];

describe('register images per type and order', () => {
  for (const { type, value, images } of IMAGES) {
    for (const order of WORD_ORDERS) {
      it(`${type} ${order}: ${String(value)} ⇄ ${images[order].map((w) => w.toString(16).padStart(4, '0')).join(' ')}`, () => {
        expect(encodeRegisters(value, { type, order })).toEqual(images[order]);
        expect(decodeRegisters(images[order], { type, order })).toEqual(value);
      });
    }
  }
});

describe('decoding at an offset inside a block (no copy of the block)', () => {
  for (const { type, value, images } of IMAGES) {
    for (const order of WORD_ORDERS) {
      it(`${type} ${order} at register 3 of a block`, () => {
        const block = [0xdead, 0xbeef, 0x1234, ...images[order], 0xffff];
        const before = [...block];
        expect(decodeRegistersAt(block, 3, { type, order })).toEqual(value);
        expect(block).toEqual(before); // never modified
      });
    }
  }
  it('refuses a value that runs past the end of the block, naming what is there', () => {
    expect(() => decodeRegistersAt([1, 2, 3], 2, { type: 'uint32', order: 'ABCD' })).toThrow(/need 2 registers, got 1/);
  });
  it('checks the words it decodes, not the rest of the block', () => {
    expect(decodeRegistersAt([70000, 5], 1, { type: 'uint16', order: 'ABCD' })).toBe(5);
    expect(() => decodeRegistersAt([5, 70000], 1, { type: 'int16', order: 'ABCD' })).toThrow(CodecError);
  });
});

const EXTREMES: Record<Exclude<DataType, 'string' | 'bool'>, RawValue[]> = {
  int16: [-32768, -1, 0, 1, 32767],
  uint16: [0, 1, 0x8000, 65535],
  int32: [-2147483648, -123456789, 0, 2147483647],
  uint32: [0, 0x80000000, 4294967295],
  float32: [0, -0, 1.5, -3.25e-5, 0.1, 3.4028234663852886e38, -3.4028234663852886e38, 1.401298464324817e-45],
  float64: [0, -1e-300, Math.PI, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE],
  int64: [-(2n ** 63n), -1n, 0n, 2n ** 63n - 1n, 9007199254740993n],
  uint64: [0n, 2n ** 64n - 1n, 2n ** 63n],
};

describe('round trips at the extremes, every order', () => {
  for (const [type, values] of Object.entries(EXTREMES) as [DataType, RawValue[]][]) {
    for (const order of WORD_ORDERS) {
      it(`${type} ${order}`, () => {
        for (const value of values) {
          const decoded = decodeRegisters(encodeRegisters(value, { type, order }), { type, order });
          if (type === 'float32') expect(Math.fround(decoded as number)).toBe(Math.fround(value as number));
          else expect(decoded).toEqual(value);
        }
      });
    }
  }
});

describe('range and policy refusals', () => {
  const refuse: [DataType, RawValue][] = [
    ['int16', 32768], ['int16', -32769], ['uint16', -1], ['uint16', 65536], ['int32', 2147483648], ['uint32', -1],
    ['uint64', -1n], ['uint64', 2n ** 64n], ['int64', 2n ** 63n], ['int16', 1.5], ['int64', 2 ** 60],
    ['float32', Number.NaN], ['float32', Number.POSITIVE_INFINITY], ['float64', Number.NEGATIVE_INFINITY], ['float32', 1e39],
    ['uint16', 'x'], ['bool', 2],
  ];
  for (const [type, value] of refuse) {
    it(`${type} refuses ${String(value)}`, () => expect(() => encodeRegisters(value, { type, order: 'ABCD' })).toThrow(CodecError));
  }
  it('decodes NaN and Infinity faithfully (never invents a number)', () => {
    expect(decodeRegisters([0x7fc0, 0], { type: 'float32', order: 'ABCD' })).toBeNaN();
    expect(decodeRegisters([0x7f80, 0], { type: 'float32', order: 'ABCD' })).toBe(Number.POSITIVE_INFINITY);
    expect(decodeRegisters([0xfff0, 0, 0, 0], { type: 'float64', order: 'ABCD' })).toBe(Number.NEGATIVE_INFINITY);
    expect(toJsonValue(Number.NaN)).toBe('NaN');
  });
  it('refuses short or non-word register images', () => {
    expect(() => decodeRegisters([1], { type: 'float32', order: 'ABCD' })).toThrow(/need 2 registers/);
    expect(() => decodeRegisters([70000], { type: 'uint16', order: 'ABCD' })).toThrow(/not a 16-bit word/);
  });
});

describe('strings', () => {
  it('packs two bytes per register, high byte first; BADC/DCBA swap each register', () => {
    expect(encodeRegisters('ABC', { type: 'string', order: 'ABCD', length: 4 })).toEqual([0x4142, 0x4300]);
    expect(encodeRegisters('ABC', { type: 'string', order: 'CDAB', length: 4 })).toEqual([0x4142, 0x4300]);
    expect(encodeRegisters('ABC', { type: 'string', order: 'BADC', length: 4 })).toEqual([0x4241, 0x0043]);
    expect(decodeRegisters([0x4241, 0x0043], { type: 'string', order: 'DCBA', length: 4 })).toBe('ABC');
  });
  it('stops at the first NUL, round-trips UTF-8, refuses text longer than the tag', () => {
    expect(decodeRegisters([0x4849, 0x0041], { type: 'string', order: 'ABCD', length: 4 })).toBe('HI');
    expect(decodeRegisters(encodeRegisters('吊车', { type: 'string', order: 'ABCD', length: 6 }), { type: 'string', order: 'ABCD', length: 6 })).toBe('吊车');
    expect(() => encodeRegisters('TOOLONG', { type: 'string', order: 'ABCD', length: 4 })).toThrow(/needs 7 bytes/);
  });
});

describe('bits, scaling and text', () => {
  it('reads and sets a bit in a register without touching the others', () => {
    expect(decodeBit(0b1000_0000, 7)).toBe(true);
    expect(decodeBit(0b1000_0000, 6)).toBe(false);
    expect(withBit(0xffff, 15, false)).toBe(0x7fff);
    expect(withBit(0, 0, true)).toBe(1);
    expect(() => decodeBit(1, 16)).toThrow(CodecError);
  });
  it('applies and removes scale/offset; scaled integers quantize, unscaled ones refuse fractions', () => {
    expect(toEngineering(125, { scale: 0.1, offset: -10 })).toBeCloseTo(2.5);
    expect(toRaw(2.5, 'int16', { scale: 0.1, offset: -10 })).toBe(125);
    expect(toRaw(2.54, 'int16', { scale: 0.1, offset: -10 })).toBe(125);
    expect(toRaw(2.5, 'float32', { scale: 2, offset: 0 })).toBe(1.25);
    expect(toEngineering(2n ** 60n)).toBe(2n ** 60n);
    expect(() => encodeRegisters(toRaw(1.5, 'int16'), { type: 'int16', order: 'ABCD' })).toThrow(/not an integer/);
  });
  it('parses typed text and refuses junk', () => {
    expect(parseValueText('-12', 'int16')).toBe(-12);
    expect(parseValueText('18446744073709551615', 'uint64')).toBe(2n ** 64n - 1n);
    expect(parseValueText('1e3', 'float32')).toBe(1000);
    expect(parseValueText('on', 'bool')).toBe(true);
    for (const [text, type] of [['12a', 'int16'], ['', 'float32'], ['1.5', 'int32'], ['yes', 'bool'], ['NaN', 'float64']] as const) {
      expect(() => parseValueText(text, type)).toThrow(CodecError);
    }
  });
  it('shows float32 in its shortest exact form', () => {
    expect(shortestFloat32(Math.fround(0.1))).toBe(0.1);
    expect(Math.fround(shortestFloat32(Math.fround(1 / 3)))).toBe(Math.fround(1 / 3));
  });
});

describe('inputs are never mutated', () => {
  it('decode and encode leave their inputs as they were', () => {
    for (const type of DATA_TYPES) {
      for (const order of WORD_ORDERS) {
        const spec = { type, order, length: 8 };
        const image = Object.freeze([0x4142, 0x4344, 0x4546, 0x4748]);
        const copy = [...image];
        const value = decodeRegisters(image, spec);
        expect(image).toEqual(copy);
        const buffer = new Uint16Array([0x0102, 0x0304, 0x0506, 0x0708]);
        decodeRegisters(buffer, spec);
        expect([...buffer]).toEqual([0x0102, 0x0304, 0x0506, 0x0708]);
        if (type !== 'bool') expect(encodeRegisters(value, spec)).toEqual(copy.slice(0, widthOf(spec)));
      }
    }
  });
});
