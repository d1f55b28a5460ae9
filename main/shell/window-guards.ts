/**
 * Installs the navigation policy on a window's web contents: navigation and redirects away from the app's own
 * page are prevented, webviews are never attached, window.open is denied. Plain function over the few methods it
 * needs, so tests can check the wiring without Electron.
 */
import { isAllowedNavigation, windowOpenPolicy } from './navigation-policy';

/** The part of Electron's WebContents the guards use. */
export interface GuardableContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: () => { action: 'deny' }): void;
}

/** Applies the navigation policy to `contents`, whose only allowed page is `appUrl`. */
export function guardWebContents(contents: GuardableContents, appUrl: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, appUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url, appUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(windowOpenPolicy);
}
