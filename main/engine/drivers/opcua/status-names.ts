/** OPC UA status codes as named results, and node-opcua errors as DriverErrors with a stable kind. */
import { StatusCodes, type StatusCode } from 'node-opcua';
import { DriverError, type DriverErrorKind } from '../driver-error';
import { severityOf } from './status-severity';

/** The symbolic name of a status code (`Good`, `BadNotWritable`, `BadTypeMismatch`, …). */
export function statusName(status: StatusCode): string {
  return status.name || `0x${status.value.toString(16).padStart(8, '0')}`;
}

/** The error of a write or call the server answered with `status`; none when it did it (Good or a Good subcode). */
export function operationError(status: StatusCode, what: string): DriverError | undefined {
  const name = statusName(status);
  const severity = severityOf(name);
  if (severity === 'good') return undefined;
  // Uncertain: it may have acted (a jog reference is then zeroed, as after no answer).
  if (severity === 'uncertain') return new DriverError('bad-response', name, `${what}: ${name}: the server does not say it was done`, { status: name });
  return statusError(status, what);
}

/** A DriverError for a Bad status returned by the server for one operation. */
export function statusError(status: StatusCode, what: string): DriverError {
  const name = statusName(status);
  const kind: DriverErrorKind = status.equals(StatusCodes.BadNodeIdUnknown) || status.equals(StatusCodes.BadNodeIdInvalid) ? 'invalid-request' : 'device-exception';
  return new DriverError(kind, name, `${what}: ${name}${status.description ? ` (${status.description})` : ''}`, { status: name });
}

const RULES: { pattern: RegExp; kind: DriverErrorKind; code: string; message?: string }[] = [
  // The server no longer knows the session (timed out, closed): it did nothing; the connection is made anew.
  { pattern: /BadSessionIdInvalid|BadSessionClosed|BadSessionNotActivated|Cannot recreate session/, kind: 'not-connected', code: 'session-invalid', message: 'the server no longer knows this session: nothing was done, the connection is made again' },
  { pattern: /BadUserAccessDenied|BadIdentityToken(Invalid|Rejected)|BadUserSignatureInvalid/, kind: 'auth-failed', code: 'user-rejected', message: 'the server rejected the user credentials' },
  { pattern: /BadSecurityChecksFailed|BadCertificate\w*|BadNoValidCertificates/, kind: 'untrusted-certificate', code: 'client-certificate-rejected', message: "the server rejected the console's certificate (trust it on the server)" },
  { pattern: /ECONNREFUSED|cannot be established|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN/, kind: 'connect-failed', code: 'unreachable' },
  { pattern: /timeout|ETIMEDOUT|BadTimeout|Timeout/i, kind: 'timeout', code: 'timeout' },
  { pattern: /ECONNRESET|EPIPE|socket has been disconnected|connection may have been rejected|premature|aborted/i, kind: 'link-lost', code: 'link-lost' },
];

/** First line of an error message (node-opcua messages span lines). */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n').find((line) => line.trim() !== '') ?? text).trim();
}

/** Classifies anything node-opcua throws during connect or a call. */
export function classifyError(error: unknown, fallback: DriverErrorKind = 'connect-failed'): DriverError {
  if (error instanceof DriverError) return error;
  const text = error instanceof Error ? error.message : String(error);
  for (const rule of RULES) {
    if (rule.pattern.test(text)) return new DriverError(rule.kind, rule.code, rule.message ? `${rule.message} (${firstLine(error)})` : firstLine(error));
  }
  // Never an empty message: some library errors carry none.
  return new DriverError(fallback, fallback, firstLine(error) || `the OPC UA request failed (${fallback}) without a reason from the library`);
}
