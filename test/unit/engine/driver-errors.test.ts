/** Library and JavaScript error texts never reach a client: our words and a stable code go out, the detail to the log. */
import { describe, expect, it } from 'vitest';
import { ContractError } from '../../../shared/contract/errors';
import { DriverError, asDriverError } from '../../../main/engine/drivers/driver-error';
import { mapModbusError } from '../../../main/engine/drivers/modbus/errors';
import { toContractError } from '../../../main/engine/maintenance/driver-errors';
import { createMemoryLogger } from '../../../main/engine/log';

const rangeError = () => new RangeError('The value of "offset" is out of range. It must be >= 0 and <= 5. Received 7');

describe('driver error mapping', () => {
  it('gives a RangeError from a reply parser our words, keeping the original as the cause', () => {
    const error = mapModbusError(rangeError(), { op: 'read', unitId: 1, table: 'holding', address: 0, count: 1 });
    expect(error).toMatchObject({ kind: 'bad-response', code: 'modbus-bad-response' });
    expect(error.message).toBe('garbled answer to unit 1 FC3 holding:0 ×1: the reply could not be decoded');
    expect(JSON.stringify(error.details)).not.toContain('offset');
    expect(error.cause).toBeInstanceOf(RangeError);
  });

  it('keeps a library message that speaks to users (a socket error), words internal ones', () => {
    expect(asDriverError(new Error('connect ECONNREFUSED 127.0.0.1:502'), 'connect-failed').message).toBe('connect ECONNREFUSED 127.0.0.1:502');
    expect(asDriverError(new TypeError("Cannot read properties of undefined (reading 'x')"), 'bad-response').message).toBe('the device sent a reply that could not be decoded');
  });

  it('sends the client our words and a stable code, and logs the library text', () => {
    const log = createMemoryLogger();
    const wrapped = toContractError(new DriverError('bad-response', 'modbus-bad-response', 'garbled answer', {}, rangeError()), undefined, log);
    expect(wrapped).toMatchObject({ code: 'device-error', message: 'garbled answer' });
    expect(JSON.stringify(wrapped.toShape())).not.toContain('offset');
    expect(log.entries).toEqual([expect.objectContaining({ code: 'driver.error-detail', message: expect.stringContaining('RangeError: The value of "offset"') })]);

    const unknown = toContractError(rangeError(), undefined, log);
    expect(unknown).toBeInstanceOf(ContractError);
    expect(unknown.toShape()).toEqual({ code: 'internal', message: 'unexpected error in the driver; the engine log has the detail', details: { code: 'driver-unexpected' } });
    expect(log.entries.at(-1)).toMatchObject({ level: 'error', code: 'driver.unexpected', message: expect.stringContaining('out of range') });
  });
});
