/** The PKI's user-actionable error, apart from pki.ts so checking for it does not load node-opcua. */

/** A trust-store problem the user can act on (unknown thumbprint). */
export class PkiError extends Error {
  constructor(
    readonly code: 'not-found',
    message: string,
  ) {
    super(message);
    this.name = 'PkiError';
  }
}

/** Where the console's PKI lives under a data directory. */
