/** Structured errors carried by the contract: a stable code, a readable message, optional details. */
import { z } from 'zod';

/** Stable error codes. The UI keys its wording on these, so they never change meaning. */
export const ERROR_CODES = [
  'bad-frame', // not decodable (bad JSON, bad binary header)
  'bad-envelope', // decodable but not a contract envelope
  'unknown-request', // request name not in the contract
  'bad-request', // payload fails the request schema
  'too-large', // frame over the size cap
  'bad-reply', // engine produced a reply that fails its own schema (a bug, reported not thrown)
  'not-found', // unknown equipment, tag, connection, node
  'not-connected',
  'timeout',
  'refused', // the gate refused it; details carry the reason
  'forbidden', // the request's access class needs a login or a stronger role
  'device-error', // the device answered with an error (Modbus exception, OPC UA bad status)
  'closed', // carrier closed before the reply arrived
  'busy', // too many requests in flight (per client) or waiting (per link); retry later
  'engine-failed', // the engine could not start (site file errors, audit log in use); the message says why
  'internal',
] as const;
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ContractErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ContractErrorShape = z.infer<typeof ContractErrorShape>;

/** An error with a stable code, thrown by handlers and rejected by the client. */
export class ContractError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ContractError';
  }

  /** The plain shape that travels over a carrier. */
  toShape(): ContractErrorShape {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }

  static fromShape(shape: ContractErrorShape): ContractError {
    return new ContractError(shape.code, shape.message, shape.details);
  }
}

/** Longest description of a malformed request or envelope sent back: it echoes what the client sent. */
const MAX_ISSUES_TEXT = 600;

/**
 * Schema issues as one line for the sender, clipped: a body of 15,000 unknown keys named them all (169 KB back to a
 * client that is misbehaving already, and as much to the log).
 */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[], root: string, separator = ': '): string {
  const text = issues.map((i) => `${i.path.map(String).join('.') || root}${separator}${i.message}`).join('; ');
  return text.length <= MAX_ISSUES_TEXT ? text : `${text.slice(0, MAX_ISSUES_TEXT)}… (${text.length - MAX_ISSUES_TEXT} more characters)`;
}
