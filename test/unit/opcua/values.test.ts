import { DataType, DataValue, StatusCodes, Variant } from 'node-opcua';
import { describe, expect, it } from 'vitest';
import { Quality } from '../../../shared/contract/telemetry';
import { Tag } from '../../../shared/site/schema';
import { dataTypeByName, toSample, toVariant } from '../../../main/engine/drivers/opcua/values';
import { statusName } from '../../../main/engine/drivers/opcua/status-names';

describe('OPC UA values', () => {
  it.each([
    ['12.5', DataType.Double, 12.5],
    ['-3', DataType.Int16, -3],
    ['true', DataType.Boolean, true],
    ['0', DataType.Boolean, false],
    ['hello', DataType.String, 'hello'],
    [7, DataType.UInt32, 7],
  ])('coerces %j to %s', (input, type, expected) => {
    const variant = toVariant(input, type);
    expect(variant).toBeInstanceOf(Variant);
    expect((variant as Variant).value).toBe(expected);
  });

  it.each([
    ['abc', DataType.Double, '"abc" is not a number (Double)'],
    ['1.5', DataType.Int32, '"1.5" is not an integer (Int32)'],
    ['70000', DataType.UInt16, '70000 is out of range for UInt16 (0..65535)'],
    ['-1', DataType.Byte, '-1 is out of range for Byte (0..255)'],
    ['maybe', DataType.Boolean, '"maybe" is not a Boolean (true/false, 1/0, on/off)'],
    ['  ', DataType.Float, 'empty value is not a Float'],
  ])('refuses %j as %s', (input, type, error) => {
    expect(toVariant(input, type)).toEqual({ error });
  });

  it('knows site and OPC UA type names', () => {
    expect(dataTypeByName('float64')).toBe(DataType.Double);
    expect(dataTypeByName('UInt16')).toBe(DataType.UInt16);
    expect(dataTypeByName('double')).toBe(DataType.Double);
    expect(dataTypeByName('Quaternion')).toBeUndefined();
  });

  it('keeps value, status and source timestamp, scaled to engineering units', () => {
    const tag = Tag.parse({ address: 'ns=1;s=X', type: 'int16', scale: 0.1, offset: 2 });
    const sourceTimestamp = new Date('2026-01-02T03:04:05Z');
    const sample = toSample({ signalId: 9, equipmentId: 'e', unitId: 0, name: 'x', tag }, new DataValue({ value: { dataType: DataType.Int16, value: 100 }, sourceTimestamp }));
    expect(sample).toEqual({ signalId: 9, value: 12, quality: Quality.good, sourceTime: sourceTimestamp.getTime() });
    const bad = toSample({ signalId: 9, equipmentId: 'e', unitId: 0, name: 'x', tag }, new DataValue({ statusCode: StatusCodes.BadCommunicationError }), 42);
    expect(bad.quality).toBe(Quality.bad);
    expect(bad.sourceTime).toBe(42);
  });

  it('a Good status around no value (Null) is no value shown as good: bad', () => {
    const tag = Tag.parse({ address: 'ns=1;s=X', type: 'float64' });
    const b = { signalId: 3, equipmentId: 'e', unitId: 0, name: 'x', tag };
    expect(toSample(b, new DataValue({ statusCode: StatusCodes.Good })).quality).toBe(Quality.bad);
    expect(toSample(b, new DataValue({ value: { dataType: DataType.Null, value: null }, statusCode: StatusCodes.Good })).quality).toBe(Quality.bad);
    expect(toSample(b, new DataValue({ value: { dataType: DataType.Double, value: 0 } })).quality).toBe(Quality.good);
  });

  it("a Good status around a NaN or ±Infinity is no reading: bad (a sensor's fault value is never shown as good)", () => {
    const tag = Tag.parse({ address: 'ns=1;s=X', type: 'float32' });
    const b = { signalId: 3, equipmentId: 'e', unitId: 0, name: 'x', tag };
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) expect(toSample(b, new DataValue({ value: { dataType: DataType.Float, value } })).quality, String(value)).toBe(Quality.bad);
    expect(toSample(b, new DataValue({ value: { dataType: DataType.Float, value: 1.5 }, statusCode: StatusCodes.UncertainLastUsableValue })).quality).toBe(Quality.uncertain);
  });

  it('names status codes', () => {
    expect(statusName(StatusCodes.BadNotWritable)).toBe('BadNotWritable');
    expect(statusName(StatusCodes.Good)).toBe('Good');
  });
});
