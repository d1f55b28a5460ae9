/** Spec limits, URL parsing and per-unit liveness. */
import { describe, expect, it } from 'vitest';
import { limitProblem } from '../../../main/engine/drivers/modbus/limits';
import { connectionFromUrl } from '../../../main/engine/drivers/modbus/url';
import { UnitHealth } from '../../../main/engine/drivers/modbus/unit-health';
import { exceptionError, mapModbusError } from '../../../main/engine/drivers/modbus/errors';
import type { ModbusRequest } from '../../../main/engine/drivers/modbus/request';

const read = (table: 'holding' | 'coil', address: number, count: number): ModbusRequest => ({ op: 'read', unitId: 1, table, address, count });

describe('limits', () => {
  it('allows exactly the spec maxima and refuses one more', () => {
    expect(limitProblem(read('holding', 0, 125))).toBeUndefined();
    expect(limitProblem(read('holding', 0, 126))).toMatch(/limit of 125/);
    expect(limitProblem(read('coil', 0, 2000))).toBeUndefined();
    expect(limitProblem(read('coil', 0, 2001))).toMatch(/limit of 2000/);
    expect(limitProblem({ op: 'write', unitId: 1, table: 'holding', address: 0, registers: new Array(123).fill(0) })).toBeUndefined();
    expect(limitProblem({ op: 'write', unitId: 1, table: 'holding', address: 0, registers: new Array(124).fill(0) })).toMatch(/limit of 123/);
    expect(limitProblem({ op: 'write', unitId: 1, table: 'coil', address: 0, bits: new Array(1968).fill(true) })).toBeUndefined();
    expect(limitProblem({ op: 'write', unitId: 1, table: 'coil', address: 0, bits: new Array(1969).fill(true) })).toMatch(/limit of 1968/);
  });
  it('refuses addresses past 65535 and empty or negative counts', () => {
    expect(limitProblem(read('holding', 65535, 1))).toBeUndefined();
    expect(limitProblem(read('holding', 65535, 2))).toMatch(/runs past 65535/);
    expect(limitProblem(read('holding', 65536, 1))).toMatch(/out of range/);
    expect(limitProblem(read('holding', 0, 0))).toMatch(/at least 1/);
    expect(limitProblem({ op: 'read', unitId: 256, table: 'holding', address: 0, count: 1 })).toMatch(/unit id/);
  });
});

describe('errors', () => {
  it('names every exception and keeps the request', () => {
    const error = exceptionError(2, read('holding', 7, 3));
    expect(error).toMatchObject({ kind: 'device-exception', code: 'modbus-exception-2' });
    expect(error.message).toContain('illegal data address');
    expect(error.details.request).toMatchObject({ unitId: 1, functionCode: 3, address: 7, count: 3 });
    expect(mapModbusError({ message: 'Timed out', errno: 'ETIMEDOUT' }, read('holding', 0, 1)).kind).toBe('timeout');
    expect(mapModbusError(new Error('CRC error'), read('holding', 0, 1)).kind).toBe('bad-response');
    expect(mapModbusError(Object.assign(new Error('x'), { modbusCode: 11 }), read('holding', 0, 1)).code).toBe('modbus-exception-11');
  });
});

describe('connectionFromUrl', () => {
  it('parses the three schemes with schema defaults', () => {
    expect(connectionFromUrl(new URL('modbus-tcp://127.0.0.1:1502?unit=3'))).toMatchObject({ protocol: 'modbus-tcp', host: '127.0.0.1', port: 1502, unitId: 3, timeoutMs: 1000 });
    expect(connectionFromUrl(new URL('modbus-tcp://plc'))).toMatchObject({ port: 502, unitId: 1 });
    expect(connectionFromUrl(new URL('modbus-rtu-tcp://10.0.0.5:4001?unit=7&timeout=300'))).toMatchObject({ protocol: 'modbus-rtu-tcp', port: 4001, unitId: 7, timeoutMs: 300 });
    expect(connectionFromUrl(new URL('modbus-rtu:///dev/ttyUSB0?baud=9600&parity=even&unit=2'))).toMatchObject({ protocol: 'modbus-rtu', path: '/dev/ttyUSB0', baudRate: 9600, parity: 'even', unitId: 2 });
  });
  it('refuses bad parameters with a clear message', () => {
    expect(() => connectionFromUrl(new URL('modbus-tcp://h:1?unit=300'))).toThrow(/unit must be an integer 0..255/);
    expect(() => connectionFromUrl(new URL('modbus-tcp://h:1?baud=9600'))).toThrow(/unknown parameter "baud"/);
    expect(() => connectionFromUrl(new URL('modbus-tcp://h:1?unit=1&unit=300'))).toThrow(/parameter "unit" is given 2 times: give it once/);
    expect(() => connectionFromUrl(new URL('modbus-rtu:///dev/x?parity=mark'))).toThrow(/parity must be/);
    expect(() => connectionFromUrl(new URL('modbus-rtu-tcp://h'))).toThrow(/needs a port/);
    expect(() => connectionFromUrl(new URL('http://h'))).toThrow(/not a Modbus URL/);
  });
});

describe('UnitHealth', () => {
  it('counts requests that were in flight together and time out together as one silence (several in flight)', () => {
    const health = new UnitHealth({ deadAfter: 2, retryInitialMs: 1000, retryMaxMs: 4000 }, () => 0);
    // Three scan reads go out together, and time out together: one timeout, not three.
    const together = [health.silencesOf(5), health.silencesOf(5), health.silencesOf(5)];
    expect(together.map((sent) => health.timedOut(5, sent))).toEqual([false, false, false]);
    expect(health.isDead(5)).toBe(false);
    // A request sent after that silence was counted, timing out too: the second in a row.
    const after = health.silencesOf(5);
    expect(health.timedOut(5, after)).toBe(true);
    expect(health.isDead(5)).toBe(true);
  });

  it('counts every timeout of requests sent one after the other, however close in time (one in flight)', () => {
    const health = new UnitHealth({ deadAfter: 3, retryInitialMs: 1000, retryMaxMs: 4000 }, () => 0);
    for (const expected of [false, false, true]) expect(health.timedOut(7, health.silencesOf(7))).toBe(expected);
  });

  it('declares a unit dead after repeated timeouts and probes it on a growing interval', () => {
    let now = 0;
    const health = new UnitHealth({ deadAfter: 2, retryInitialMs: 1000, retryMaxMs: 4000 }, () => now);
    expect(health.timedOut(5)).toBe(false);
    expect(health.timedOut(5)).toBe(true);
    expect(health.mayPoll(5)).toBe(false);
    expect(health.mayPoll(6)).toBe(true);
    now = 1000;
    expect(health.mayPoll(5)).toBe(true); // the probe
    expect(health.mayPoll(5)).toBe(false); // only one per interval
    now = 2999;
    expect(health.mayPoll(5)).toBe(false);
    now = 3000;
    expect(health.mayPoll(5)).toBe(true);
    health.answered(5);
    expect(health.isDead(5)).toBe(false);
    expect(health.mayPoll(5)).toBe(true);
  });
});
