/** Driver errors as the contract carries them: one mapping for every protocol's handlers. */
import { ContractError, type ErrorCode } from '../../../shared/contract/errors';
import type { Logger } from '../drivers/driver';
import { DriverError } from '../drivers/driver-error';

const KIND_TO_CODE: Record<DriverError['kind'], ErrorCode> = {
  'connect-failed': 'not-connected',
  'link-lost': 'not-connected',
  'not-connected': 'not-connected',
  timeout: 'timeout',
  'device-exception': 'device-error',
  'bad-response': 'device-error',
  'invalid-request': 'bad-request',
  busy: 'busy',
  cancelled: 'refused',
  'untrusted-certificate': 'refused',
  'auth-failed': 'refused',
};

/** Driver error codes that mean "no such thing" rather than a device failure. */
const NOT_FOUND_CODES = new Set(['BadNodeIdUnknown']);

/** The text of an underlying error, for the engine log only. */
function causeText(cause: unknown): string {
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
}

/**
 * A ContractError for anything a driver call threw: the stable contract code, plus the driver's kind, precise code
 * and details (the request that caused it). `extra` maps protocol-specific error classes first. Library and
 * JavaScript error texts never reach the client: they go to `log`, the client gets our words and a stable code.
 */
export function toContractError(error: unknown, extra?: (error: unknown) => ContractError | undefined, log?: Logger): ContractError {
  if (error instanceof ContractError) return error;
  const mapped = extra?.(error);
  if (mapped) return mapped;
  if (error instanceof DriverError) {
    if (error.cause !== undefined) log?.warn('driver.error-detail', `${error.code}: ${error.message} (library: ${causeText(error.cause)})`, error.details);
    const code = NOT_FOUND_CODES.has(error.code) ? 'not-found' : KIND_TO_CODE[error.kind];
    return new ContractError(code, error.message, { kind: error.kind, code: error.code, ...error.details });
  }
  log?.error('driver.unexpected', `unexpected error from a driver: ${causeText(error)}`);
  return new ContractError('internal', 'unexpected error in the driver; the engine log has the detail', { code: 'driver-unexpected' });
}
