/** Named, typed driver errors: what the UI shows, with the request that caused them. */

/** Stable error kinds across protocols. Protocol drivers add their precise `code` (e.g. `modbus-exception-2`). */
export type DriverErrorKind =
  | 'connect-failed' // could not open the link or session
  | 'timeout' // no answer in time
  | 'link-lost' // the link closed under us
  | 'device-exception' // the device answered with an error (Modbus exception, OPC UA Bad status)
  | 'bad-response' // a garbled or mismatched answer
  | 'untrusted-certificate' // OPC UA server certificate not trusted
  | 'auth-failed'
  | 'invalid-request' // refused before sending (limits, bad address, bad value)
  | 'busy' // refused before sending: the link's queue for this kind of request is full
  | 'not-connected';

/** An error from a driver, carrying a stable kind, a precise code, and the request that caused it. */
export class DriverError extends Error {
  constructor(
    readonly kind: DriverErrorKind,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DriverError';
  }
}

/** Wraps anything thrown by a protocol library into a DriverError without losing its message. */
export function asDriverError(error: unknown, kind: DriverErrorKind = 'bad-response', code = 'unexpected'): DriverError {
  if (error instanceof DriverError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new DriverError(kind, code, message);
}
