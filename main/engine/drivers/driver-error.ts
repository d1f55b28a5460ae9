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
  | 'cancelled' // withdrawn before sending: a stop cancelled this waiting motion write, or a bit write gave way to a stop
  | 'not-connected';

/**
 * An error from a driver, carrying a stable kind, a precise code, and the request that caused it. `details.transient`
 * true: nothing was sent and the link stays usable, so the same request may go through a moment later (a noisy RTU
 * line that was never quiet).
 */
export class DriverError extends Error {
  constructor(
    readonly kind: DriverErrorKind,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    /** The library's own error, kept for the engine log; it never travels to a client. */
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'DriverError';
  }
}

/** True when the request was not sent but may go through if tried again (see DriverError). */
export function isTransient(error: DriverError): boolean {
  return error.details.transient === true;
}

/**
 * True for JavaScript's own error classes (a library's parser tripping over bytes it did not expect): their text,
 * e.g. `The value of "offset" is out of range`, means nothing to a user and only says where our code was.
 */
export function isInternalError(error: unknown): boolean {
  return error instanceof RangeError || error instanceof TypeError || error instanceof SyntaxError || error instanceof ReferenceError;
}

/** Our words for an error whose own text is not for users, by kind. */
const OWN_WORDS: Partial<Record<DriverErrorKind, string>> = {
  'bad-response': 'the device sent a reply that could not be decoded',
  'connect-failed': 'could not open the connection (unexpected error in the protocol library)',
};

/**
 * Wraps anything thrown by a protocol library into a DriverError. A library's own message (a socket error, a
 * status name) is kept; JavaScript's internal errors get our words, their text stays in `cause` for the log.
 */
export function asDriverError(error: unknown, kind: DriverErrorKind = 'bad-response', code = 'unexpected'): DriverError {
  if (error instanceof DriverError) return error;
  if (error instanceof Error && !isInternalError(error)) return new DriverError(kind, code, error.message, {}, error);
  return new DriverError(kind, code, OWN_WORDS[kind] ?? 'unexpected error in the protocol library', {}, error);
}
