/**
 * The scanner's packed decoding must give every tag exactly what its layout gives (tag-layout.ts is the reference):
 * every type, order, table, scaling, and blocks holding words that are not 16-bit integers or end too soon.
 */
import { describe, expect, it } from 'vitest';
import type { Sample } from '../../../main/engine/drivers/driver';
import { BlockDecoder } from '../../../main/engine/drivers/modbus/block-decoder';
import { engineeringValue, layoutOf, rawFromBlock, type TagLayout } from '../../../main/engine/drivers/modbus/tag-layout';
import { Quality } from '../../../shared/contract/telemetry';
import { DATA_TYPES, WORD_ORDERS } from '../../../shared/site/data-types';
import { Tag } from '../../../shared/site/schema';

const START = 100;
const NOW = 1_700_000_000_000;

/**
 * What the layout path makes of one tag: its good sample, a bad one when the layout refuses the block, and a bad one
 * for a float's NaN or ±Infinity (no reading, never shown as good).
 */
function reference(layout: TagLayout, block: readonly number[] | readonly boolean[]): Sample {
  try {
    const value = engineeringValue(layout, rawFromBlock(layout, block, START));
    const reading = typeof value !== 'number' || Number.isFinite(value);
    return { signalId: layout.binding.signalId, value, quality: reading ? Quality.good : Quality.bad, sourceTime: NOW };
  } catch {
    return { signalId: layout.binding.signalId, value: Number.NaN, quality: Quality.bad, sourceTime: NOW };
  }
}

/** Register tags of every type, order and scaling, placed over the first registers of a block read from START. */
function registerLayouts(): TagLayout[] {
  const layouts: TagLayout[] = [];
  for (const type of DATA_TYPES) {
    for (const order of WORD_ORDERS) {
      for (const [scale, offset] of [[1, 0], [0.1, -40], [2, 0], [1, -40], [-0.5, 0.1]] as const) {
        for (let at = 0; at < 6; at++) {
          const tag = Tag.parse({ address: type === 'bool' ? `holding:${START + at}.${at * 3}` : `holding:${START + at}`, type, order, scale, offset, ...(type === 'string' ? { length: 3 } : {}) });
          layouts.push(layoutOf({ signalId: 100_000 + layouts.length, equipmentId: 'eq', unitId: 1, name: `t${layouts.length}`, tag }));
        }
      }
    }
  }
  return layouts;
}

function decodeAll(layouts: TagLayout[], block: readonly number[] | readonly boolean[]): Sample[] {
  const samples: Sample[] = [];
  new BlockDecoder(layouts).decode(
    layouts.map((_, id) => id),
    block,
    START,
    NOW,
    samples,
  );
  return samples;
}

describe('BlockDecoder', () => {
  const layouts = registerLayouts();

  it("sends a float register's NaN and ±Infinity as bad, never as a good value", () => {
    const float = (address: number, type: 'float32' | 'float64') => layoutOf({ signalId: address, equipmentId: 'eq', unitId: 1, name: `f${address}`, tag: Tag.parse({ address: `holding:${address}`, type }) });
    const floats = [float(START, 'float32'), float(START + 2, 'float32'), float(START + 4, 'float32'), float(START + 6, 'float32'), float(START + 8, 'float64')];
    // NaN, +Infinity, -Infinity, 1.0 (float32, ABCD), then a float64 NaN.
    const samples = decodeAll(floats, [0x7fc0, 0, 0x7f80, 0, 0xff80, 0, 0x3f80, 0, 0x7ff8, 0, 0, 0]);
    expect(samples.map((s) => [s.quality, s.value])).toEqual([
      [Quality.bad, Number.NaN],
      [Quality.bad, Number.POSITIVE_INFINITY],
      [Quality.bad, Number.NEGATIVE_INFINITY],
      [Quality.good, 1],
      [Quality.bad, Number.NaN],
    ]);
  });

  it.each([
    ['ordinary words', [0x0001, 0xfffe, 0x4148, 0xf5c3, 0x1234, 0x8000, 0x7fff, 0x00ff, 0xff00, 0]],
    ['extreme words', [0xffff, 0x8000, 0x7fff, 0, 0xffff, 0x8001, 0xfffe, 0x0080, 0x8080, 1]],
    ['words that are not 16-bit integers', [-1, 0x10000, 1.5, Number.NaN, 0x1234, 7, 8, 9, 10, 11]],
    ['a block that ends too soon', [0x1234, 0x5678]],
    ['minus zero, infinities and booleans where words belong', [-0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, true, false, 0x10000 - 1, 2 ** 31, 0x8000, 1, 2] as unknown as number[]],
  ])('agrees with the layout path on every register tag: %s', (_label, block) => {
    const expected = layouts.map((layout) => reference(layout, block));
    expect(decodeAll(layouts, block)).toEqual(expected);
  });

  it('agrees on random blocks', () => {
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xffff;
    for (let round = 0; round < 200; round++) {
      const block = Array.from({ length: 10 }, random);
      expect(decodeAll(layouts, block)).toEqual(layouts.map((layout) => reference(layout, block)));
    }
  });

  it('decodes coils and inputs as the layout does, a missing bit as false', () => {
    const bits = ['coil', 'discrete'].flatMap((table) => [0, 1, 2, 5].map((at) => layoutOf({ signalId: at, equipmentId: 'eq', unitId: 1, name: `${table}${at}`, tag: Tag.parse({ address: `${table}:${START + at}`, type: 'bool' }) })));
    const block = [true, false, true];
    const samples = decodeAll(bits, block);
    expect(samples).toEqual(bits.map((layout) => reference(layout, block)));
    expect(samples.map((s) => s.value)).toEqual([true, false, true, false, true, false, true, false]);
    // Only `true` is a set bit: a block of numbers (never what a bit read returns) reads as all clear, as before.
    const numbers = [1, 0, 7] as unknown as boolean[];
    expect(decodeAll(bits, numbers)).toEqual(bits.map((layout) => reference(layout, numbers)));
  });

  it('keeps an offset on an unscaled tag', () => {
    const celsius = layoutOf({ signalId: 7, equipmentId: 'eq', unitId: 1, name: 'temperature', tag: Tag.parse({ address: `holding:${START}`, type: 'int16', offset: -40 }) });
    expect(decodeAll([celsius], [0xfffe]).map((s) => s.value)).toEqual([-42]);
  });

  it('skips ids it has no tag for', () => {
    const one = [layoutOf({ signalId: 3, equipmentId: 'eq', unitId: 1, name: 'w', tag: Tag.parse({ address: `holding:${START}`, type: 'uint16' }) })];
    const samples: Sample[] = [];
    new BlockDecoder(one).decode([0, 1, 5], [9], START, NOW, samples);
    expect(samples).toEqual([{ signalId: 3, value: 9, quality: Quality.good, sourceTime: NOW }]);
  });

  it('decodes only the items asked for, in their order, with their signal ids', () => {
    const words = [0, 1, 2].map((at) => layoutOf({ signalId: 40 + at, equipmentId: 'eq', unitId: 1, name: `w${at}`, tag: Tag.parse({ address: `holding:${START + at}`, type: 'int16', scale: 0.5 }) }));
    const samples: Sample[] = [];
    new BlockDecoder(words).decode([2, 0], [10, 0xffff, 0xfffe], START, NOW, samples);
    expect(samples).toEqual([
      { signalId: 42, value: -1, quality: Quality.good, sourceTime: NOW },
      { signalId: 40, value: 5, quality: Quality.good, sourceTime: NOW },
    ]);
  });
});
