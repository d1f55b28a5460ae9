/** The known register image the independent pymodbus device serves: every type × word order, plus strings and bits. */
import { WORD_ORDERS, registersFor, type DataType, type WordOrder } from '../../shared/site/data-types';
import type { ImageEntry } from './pymodbus';

/** One value per numeric type: negatives and extremes; 64-bit values as exact decimal text. */
export const SAMPLE_VALUES: Record<Exclude<DataType, 'bool' | 'string'>, number | string> = {
  int16: -12345,
  uint16: 54321,
  int32: -123456789,
  uint32: 3000000000,
  float32: -3.14159,
  float64: -1234.56789012345,
  int64: '-9007199254740993',
  uint64: '18446744073709551615',
};

/** An image entry with its expected decoded value. */
export interface KnownValue extends ImageEntry {
  type: DataType;
  order: WordOrder;
  expected: number | bigint | string | boolean;
}

/** Builds the image: numeric types × orders from holding:0 upward, a string at 100, bits at 110, input, coils, discretes. */
export function knownImage(): KnownValue[] {
  const out: KnownValue[] = [];
  let address = 0;
  for (const order of WORD_ORDERS) {
    for (const [type, value] of Object.entries(SAMPLE_VALUES) as [DataType, number | string][]) {
      const expected = type.endsWith('64') && type.includes('int') ? BigInt(value) : value;
      out.push({ table: 'holding', address, type, order, value, expected });
      address += registersFor(type);
    }
  }
  out.push({ table: 'holding', address: 100, type: 'string', order: 'ABCD', value: 'CRANE-01', length: 10, expected: 'CRANE-01' });
  out.push({ table: 'holding', address: 110, bit: 3, type: 'bool', order: 'ABCD', value: true, expected: true });
  out.push({ table: 'holding', address: 110, bit: 12, type: 'bool', order: 'ABCD', value: true, expected: true });
  out.push({ table: 'input', address: 0, type: 'float32', order: 'CDAB', value: 12.5, expected: 12.5 });
  out.push({ table: 'coil', address: 2, type: 'bool', order: 'ABCD', value: true, expected: true });
  out.push({ table: 'discrete', address: 5, type: 'bool', order: 'ABCD', value: true, expected: true });
  return out;
}

/** The site address of an entry (`holding:110.3`). */
export function addressOf(entry: ImageEntry): string {
  return `${entry.table}:${entry.address}${entry.bit === undefined ? '' : `.${entry.bit}`}`;
}
