/** Driver errors as the contract carries them: one mapping for every protocol's handlers. */
import { ContractError, type ErrorCode } from '../../../shared/contract/errors';
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
  'untrusted-certificate': 'refused',
  'auth-failed': 'refused',
};

/** Driver error codes that mean "no such thing" rather than a device failure. */
const NOT_FOUND_CODES = new Set(['BadNodeIdUnknown']);

/**
 * A ContractError for anything a driver call threw: the stable contract code, plus the driver's kind, precise code
 * and details (the request that caused it). `extra` maps protocol-specific error classes first.
 */
export function toContractError(error: unknown, extra?: (error: unknown) => ContractError | undefined): ContractError {
  if (error instanceof ContractError) return error;
  const mapped = extra?.(error);
  if (mapped) return mapped;
  if (error instanceof DriverError) {
    const code = NOT_FOUND_CODES.has(error.code) ? 'not-found' : KIND_TO_CODE[error.kind];
    return new ContractError(code, error.message, { kind: error.kind, code: error.code, ...error.details });
  }
  return new ContractError('internal', error instanceof Error ? error.message : String(error));
}
