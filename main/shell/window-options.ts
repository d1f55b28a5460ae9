/** The main window's options: isolation, sandbox, no Node in the renderer. Plain data, tested without Electron. */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/** Web preferences every renderer of the console gets. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    experimentalFeatures: false,
  };
}

/** Options of the console's one window. */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    backgroundColor: '#d9d9d9',
    title: 'Remote Equipment Console',
    show: false,
    webPreferences: secureWebPreferences(preloadPath),
  };
}
