/** What the renderer may navigate to or open: only the app's own page. Everything else is denied. */

/** True when `target` is the app's own page (same file, any hash); everything else is refused. */
export function isAllowedNavigation(target: string, appUrl: string): boolean {
  try {
    const a = new URL(target);
    const b = new URL(appUrl);
    return a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname;
  } catch {
    return false;
  }
}

/** `window.open` and target=_blank: always denied (the console opens no second window from content). */
export function windowOpenPolicy(): { action: 'deny' } {
  return { action: 'deny' };
}

/** Permission requests (camera, geolocation, notifications, …): always denied. */
export function permissionPolicy(_permission: string): boolean {
  return false;
}

/** True when a message's sending frame is our own top-level page: every IPC message is checked against this. */
export function isTrustedSender(senderUrl: string | undefined, appUrl: string, isMainFrame: boolean): boolean {
  return isMainFrame && senderUrl !== undefined && isAllowedNavigation(senderUrl, appUrl);
}
