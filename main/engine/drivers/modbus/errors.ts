/** Modbus exceptions (1–11) and modbus-serial transport errors → named DriverErrors carrying the request. */
import { DriverError, isInternalError } from '../driver-error';
import { describeRequest, requestText, type ModbusRequest } from './request';

/** Standard exception codes and their names (9 is unassigned by the spec). */
export const MODBUS_EXCEPTIONS: Readonly<Record<number, string>> = {
  1: 'illegal function',
  2: 'illegal data address',
  3: 'illegal data value',
  4: 'server device failure',
  5: 'acknowledge',
  6: 'server device busy',
  7: 'negative acknowledge',
  8: 'memory parity error',
  10: 'gateway path unavailable',
  11: 'gateway target device failed to respond',
};

/** A device exception as a DriverError: kind device-exception, code `modbus-exception-N`. */
export function exceptionError(exception: number, request: ModbusRequest): DriverError {
  const name = MODBUS_EXCEPTIONS[exception] ?? 'unknown exception';
  return new DriverError('device-exception', `modbus-exception-${exception}`, `Modbus exception ${exception} (${name}) for ${requestText(request)}`, {
    exception,
    exceptionName: name,
    request: describeRequest(request),
  });
}

/**
 * True when `error` is a gateway's 10 (path unavailable) or 11 (target device failed to respond): the gateway answered,
 * the unit behind it did not. For the unit's health that is silence, not an answer.
 */
export function isGatewayNoAnswer(error: unknown): boolean {
  return error instanceof DriverError && (error.code === 'modbus-exception-10' || error.code === 'modbus-exception-11');
}

/** True when the device itself answered with an exception (not a gateway's 10 or 11): the link and the unit answer. */
export function isDeviceAnswer(error: unknown): boolean {
  return error instanceof DriverError && error.kind === 'device-exception' && !isGatewayNoAnswer(error);
}

/** True when `error` is Modbus exception `n`. */
export function isException(error: unknown, n: number): boolean {
  return error instanceof DriverError && error.code === `modbus-exception-${n}`;
}

interface LibraryError {
  message?: unknown;
  errno?: unknown;
  code?: unknown;
  modbusCode?: unknown;
}

/** Maps anything modbus-serial (or the socket under it) rejects with. */
export function mapModbusError(error: unknown, request: ModbusRequest): DriverError {
  if (error instanceof DriverError) return error;
  // modbus-serial parses replies with Buffer reads: a reply shorter than its byte count throws a RangeError.
  if (isInternalError(error)) return new DriverError('bad-response', 'modbus-bad-response', `garbled answer to ${requestText(request)}: the reply could not be decoded`, { request: describeRequest(request) }, error);
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as LibraryError;
  const message = typeof e.message === 'string' ? e.message : String(error);
  const details = { request: describeRequest(request), cause: message };
  const text = requestText(request);
  if (typeof e.modbusCode === 'number') return exceptionError(e.modbusCode, request);
  if (e.errno === 'ETIMEDOUT' || message === 'Timed out') return new DriverError('timeout', 'modbus-timeout', `no answer in time to ${text}`, details);
  if (/CRC error|Data length error|Unexpected data error|out of range|Modbus exception/i.test(message)) {
    return new DriverError('bad-response', 'modbus-bad-response', `garbled answer to ${text}: ${message}`, details);
  }
  if (message === 'Port Not Open') return new DriverError('not-connected', 'modbus-not-connected', `link not open for ${text}`, details);
  const code = typeof e.code === 'string' ? e.code : typeof e.errno === 'string' ? e.errno : '';
  if (/^(ECONNRESET|EPIPE|ECONNREFUSED|ENOTCONN|ECONNABORTED|EHOSTUNREACH|ENETUNREACH)$/.test(code)) {
    return new DriverError('link-lost', 'modbus-link-lost', `link failed during ${text}: ${message}`, details);
  }
  return new DriverError('bad-response', 'modbus-unexpected', `${text} failed: ${message}`, details);
}
