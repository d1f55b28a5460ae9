/** The pure OPC UA value conversions: every built-in scalar in (user input → Variant) and out (Variant → exact JSON value). */
import { DataType, DataValue, Variant, VariantArrayType } from 'node-opcua';
import { describe, expect, it } from 'vitest';
import { Tag } from '../../../shared/site/schema';
import { int64Pair, toVariant } from '../../../main/engine/drivers/opcua/variant-input';
import { int64FromPair, variantToPlain, variantToSampleValue } from '../../../main/engine/drivers/opcua/variant-output';
import { toSample } from '../../../main/engine/drivers/opcua/values';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Converts in, then out again, as the driver would on a write followed by a read. */
function roundTrip(input: unknown, type: DataType, options = {}): unknown {
  const variant = toVariant(input, type, options);
  if (!(variant instanceof Variant)) throw new Error(variant.error);
  return variantToPlain(variant);
}

describe('64-bit integers are exact', () => {
  it.each([
    [INT64_MIN, true], [INT64_MAX, true], [-1n, true], [0n, true], [-9007199254740993n, true],
    [0n, false], [UINT64_MAX, false], [2n ** 63n, false], [9007199254740993n, false],
  ])('%s (signed %s) survives the [high, low] pair', (value, signed) => {
    expect(int64FromPair(int64Pair(value), signed)).toBe(value);
  });

  it.each([
    ['-9223372036854775808', DataType.Int64], ['9223372036854775807', DataType.Int64], ['-9007199254740993', DataType.Int64],
    ['18446744073709551615', DataType.UInt64], ['0', DataType.UInt64], ['9007199254740993', DataType.UInt64],
  ])('writes and reads %s as %s exactly (decimal text)', (text, type) => {
    expect(roundTrip(text, type)).toBe(text);
  });

  it('accepts safe-integer numbers and bigints, refuses doubles that already lost precision', () => {
    expect(roundTrip(-42, DataType.Int64)).toBe('-42');
    expect(roundTrip(UINT64_MAX, DataType.UInt64)).toBe('18446744073709551615');
    expect(toVariant(2 ** 60, DataType.Int64)).toEqual({ error: '1152921504606847000 is beyond exact double precision; give Int64 values as decimal text' });
  });

  it.each([
    ['9223372036854775808', DataType.Int64, '9223372036854775808 is out of range for Int64 (-9223372036854775808..9223372036854775807)'],
    ['-9223372036854775809', DataType.Int64, '-9223372036854775809 is out of range for Int64 (-9223372036854775808..9223372036854775807)'],
    ['18446744073709551616', DataType.UInt64, '18446744073709551616 is out of range for UInt64 (0..18446744073709551615)'],
    ['-1', DataType.UInt64, '-1 is out of range for UInt64 (0..18446744073709551615)'],
    ['1e3', DataType.Int64, '"1e3" is not an integer (Int64)'],
    ['', DataType.UInt64, 'empty value is not a UInt64'],
  ])('refuses %j as %s', (input, type, error) => {
    expect(toVariant(input, type)).toEqual({ error });
  });

  it('a sample keeps Int64 exact as bigint; a scaled one becomes engineering units', () => {
    const variant = new Variant({ dataType: DataType.Int64, arrayType: VariantArrayType.Scalar, value: int64Pair(INT64_MIN) });
    expect(variantToSampleValue(variant)).toBe(INT64_MIN);
    const binding = (scale: number) => ({ signalId: 1, equipmentId: 'e', unitId: 0, name: 'n', tag: Tag.parse({ address: 'ns=1;s=X', type: 'int64', scale }) });
    expect(toSample(binding(1), new DataValue({ value: variant })).value).toBe(INT64_MIN);
    expect(toSample(binding(2), new DataValue({ value: variant })).value).toBe(Number(INT64_MIN) * 2);
  });
});

describe('every other built-in scalar', () => {
  it.each([
    ['true', DataType.Boolean, true], ['off', DataType.Boolean, false],
    ['-128', DataType.SByte, -128], ['127', DataType.SByte, 127], ['255', DataType.Byte, 255], ['0', DataType.Byte, 0],
    ['-32768', DataType.Int16, -32768], ['65535', DataType.UInt16, 65535], ['-2147483648', DataType.Int32, -2147483648], ['4294967295', DataType.UInt32, 4294967295],
    ['3.4028234663852886e38', DataType.Float, 3.4028235e38], ['-3.4028235e38', DataType.Float, -3.4028235e38], ['0.1', DataType.Float, 0.1], ['1.401298464324817e-45', DataType.Float, 1e-45],
    ['1.7976931348623157e308', DataType.Double, 1.7976931348623157e308], ['5e-324', DataType.Double, 5e-324],
    ['', DataType.String, ''], ['Grüße ✓', DataType.String, 'Grüße ✓'],
    ['2024-05-06T07:08:09.123Z', DataType.DateTime, '2024-05-06T07:08:09.123Z'], ['2024-05-06T09:08:09.5+02:00', DataType.DateTime, '2024-05-06T07:08:09.500Z'],
    ['1601-01-01T00:00:00.000Z', DataType.DateTime, '1601-01-01T00:00:00.000Z'], ['9999-12-31T23:59:59.999Z', DataType.DateTime, '9999-12-31T23:59:59.999Z'],
    ['72962b91-fa75-4ae6-8d28-b404dc7daf63', DataType.Guid, '72962B91-FA75-4AE6-8D28-B404DC7DAF63'],
    ['00ff10', DataType.ByteString, '00ff10'], ['0x DE AD be ef', DataType.ByteString, 'deadbeef'], ['', DataType.ByteString, ''],
  ])('%j as %s reads back as %j', (input, type, expected) => {
    expect(roundTrip(input, type)).toBe(expected);
  });

  it.each([
    ['maybe', DataType.Boolean, '"maybe" is not a Boolean (true/false, 1/0, on/off)'],
    ['128', DataType.SByte, '128 is out of range for SByte (-128..127)'],
    ['-1', DataType.Byte, '-1 is out of range for Byte (0..255)'],
    ['32768', DataType.Int16, '32768 is out of range for Int16 (-32768..32767)'],
    ['4294967296', DataType.UInt32, '4294967296 is out of range for UInt32 (0..4294967295)'],
    ['2.5', DataType.Int32, '"2.5" is not an integer (Int32)'],
    ['1e39', DataType.Float, '1e39 is out of range for Float (±3.4028234663852886e38)'],
    ['-3.4028236e38', DataType.Float, '-3.4028236e38 is out of range for Float (±3.4028234663852886e38)'],
    ['Infinity', DataType.Float, 'Infinity refused: NaN and ±Infinity are written only when explicitly allowed (Float)'],
    ['NaN', DataType.Double, 'NaN refused: NaN and ±Infinity are written only when explicitly allowed (Double)'],
    ['1e309', DataType.Double, '1e309 refused: NaN and ±Infinity are written only when explicitly allowed (Double)'],
    ['12,5', DataType.Double, '"12,5" is not a number (Double)'],
    [1715000000000, DataType.DateTime, '1715000000000 is not a DateTime: give DateTime as ISO 8601 text with a zone, e.g. 2024-05-06T07:08:09.123Z'],
    ['2024-05-06 07:08', DataType.DateTime, '"2024-05-06 07:08" is not a DateTime: give DateTime as ISO 8601 text with a zone, e.g. 2024-05-06T07:08:09.123Z'],
    ['2024-05-06T07:08:09', DataType.DateTime, '"2024-05-06T07:08:09" is not a DateTime: give DateTime as ISO 8601 text with a zone, e.g. 2024-05-06T07:08:09.123Z'],
    ['2024-02-30T00:00:00Z', DataType.DateTime, '"2024-02-30T00:00:00Z" is not a valid date: give DateTime as ISO 8601 text with a zone, e.g. 2024-05-06T07:08:09.123Z'],
    ['1600-12-31T23:59:59Z', DataType.DateTime, '"1600-12-31T23:59:59Z" is out of range for DateTime (1601-01-01 .. 9999-12-31 UTC)'],
    ['not-a-guid', DataType.Guid, '"not-a-guid" is not a Guid (e.g. 72962b91-fa75-4ae6-8d28-b404dc7daf63)'],
    ['abc', DataType.ByteString, '"abc" has an odd number of hex digits: give ByteString as hex, e.g. 00ff10 or 00 ff 10'],
    ['zz', DataType.ByteString, '"zz" is not hex: give ByteString as hex, e.g. 00ff10 or 00 ff 10'],
  ])('refuses %j as %s with a clear message', (input, type, error) => {
    expect(toVariant(input, type)).toEqual({ error });
  });

  it('writes NaN and ±Infinity only when explicitly allowed, and reads them back as text', () => {
    expect(roundTrip('-Infinity', DataType.Float, { allowNonFinite: true })).toBe('-Infinity');
    expect(roundTrip('NaN', DataType.Double, { allowNonFinite: true })).toBe('NaN');
  });

  it('refuses types it cannot write, and non-scalar input, by name', () => {
    expect(toVariant('x', DataType.LocalizedText)).toEqual({ error: expect.stringMatching(/^writing LocalizedText values is not supported; writable types: Boolean, /) });
    expect(toVariant(null, DataType.Int32)).toEqual({ error: 'a null is not a Int32' });
    expect(toVariant({}, DataType.String)).toEqual({ error: 'a object is not a String' });
  });

  it('shows LocalizedText and QualifiedName as text, arrays as JSON of exact elements', () => {
    expect(variantToPlain(new Variant({ dataType: DataType.LocalizedText, value: { text: 'Bohrgerät', locale: 'de' } }))).toBe('Bohrgerät');
    expect(variantToPlain(new Variant({ dataType: DataType.QualifiedName, value: { name: 'Edge', namespaceIndex: 1 } }))).toBe('1:Edge');
    const array = new Variant({ dataType: DataType.UInt64, arrayType: VariantArrayType.Array, value: [int64Pair(UINT64_MAX), int64Pair(1n)] });
    expect(variantToPlain(array)).toBe('["18446744073709551615","1"]');
    expect(variantToPlain(new Variant({ dataType: DataType.Double, value: Number.POSITIVE_INFINITY }))).toBe('Infinity');
    expect(variantToPlain(null)).toBeNull();
  });
});
