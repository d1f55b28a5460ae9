/** Cutting a tag's value out of a scanned block: at its offset, in place (the block is never copied or changed). */
import { describe, expect, it } from 'vitest';
import { engineeringValue, layoutOf, rawFromBlock } from '../../../main/engine/drivers/modbus/tag-layout';
import { Tag } from '../../../shared/site/schema';

const layout = (tag: Record<string, unknown>) => layoutOf({ signalId: 1, equipmentId: 'eq', unitId: 1, name: 't', tag: Tag.parse(tag) });
// A block read from holding:100 onwards.
const block = Object.freeze([0x0001, 0xfffe, 0x4148, 0xf5c3, 0x1234, 0x8000]);

describe('rawFromBlock', () => {
  it.each([
    ['uint16 at the block start', { address: 'holding:100', type: 'uint16' }, 1],
    ['int16 inside the block', { address: 'holding:101', type: 'int16' }, -2],
    ['float32 across two registers', { address: 'holding:102', type: 'float32' }, 12.56],
    ['byte-swapped uint16', { address: 'holding:104', type: 'uint16', order: 'BADC' }, 0x3412],
    ['a bit of a register', { address: 'holding:105.15', type: 'bool' }, true],
    ['the next bit', { address: 'holding:105.14', type: 'bool' }, false],
  ])('%s', (_label, tag, expected) => {
    expect(rawFromBlock(layout(tag), block, 100)).toBe(expected);
  });

  it('refuses a value that runs past the end of the block', () => {
    expect(() => rawFromBlock(layout({ address: 'holding:105', type: 'uint32' }), block, 100)).toThrow();
  });

  it('applies scale and offset from the tag', () => {
    const scaled = layout({ address: 'holding:100', type: 'uint16', scale: 0.5, offset: -3 });
    expect(engineeringValue(scaled, rawFromBlock(scaled, block, 100))).toBe(-2.5);
  });
});
