/** The renderer's Content-Security-Policy, one string for Electron and serve mode: no eval, no inline script, no remote origins. */

/** CSP for the renderer; `connectSrc` adds the serve-mode WebSocket origin (Electron needs none). */
export function rendererCsp(connectSrc: string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${connectSrc.join(' ')}`.trim(),
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
