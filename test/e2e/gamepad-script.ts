/**
 * A scripted gamepad for E2E: replaces `navigator.getGamepads` before the app loads (`page.addInitScript`) with one
 * pad the test drives through `page.evaluate`: connect, axes, buttons, a frozen timestamp, and window focus.
 * Like a real pad, its `timestamp` advances on every poll unless frozen.
 */
import type { Page } from '@playwright/test';

/** What the test sets on the scripted pad. */
export interface ScriptedPad {
  connected: boolean;
  axes: number[];
  buttons: boolean[];
  frozen: boolean;
  focused: boolean;
}

declare global {
  interface Window {
    __pad: ScriptedPad & { timestamp: number };
  }
}

/** Installs the scripted pad (disconnected) in every page of `page`'s context before any app script runs. */
export async function installScriptedGamepad(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const pad = { connected: false, axes: [0, 0, 0, 0], buttons: Array.from({ length: 17 }, () => false), frozen: false, focused: true, timestamp: 0 };
    window.__pad = pad;
    const snapshot = () => {
      if (!pad.frozen) pad.timestamp = performance.now();
      return {
        index: 0,
        id: 'Scripted pad (STANDARD GAMEPAD)',
        mapping: 'standard',
        connected: true,
        timestamp: pad.timestamp,
        axes: [...pad.axes],
        buttons: pad.buttons.map((pressed) => ({ pressed, touched: pressed, value: pressed ? 1 : 0 })),
      };
    };
    Object.defineProperty(Navigator.prototype, 'getGamepads', { configurable: true, value: () => [pad.connected ? snapshot() : null, null, null, null] });
    // The page's focus as the controller sees it (headless pages cannot lose real focus on demand).
    const realHasFocus = Document.prototype.hasFocus;
    Object.defineProperty(Document.prototype, 'hasFocus', { configurable: true, value: function (this: Document) { return pad.focused && realHasFocus.call(this); } });
  });
}

/** Changes the scripted pad; connecting or disconnecting fires the browser's event as a real pad would. */
export async function setPad(page: Page, patch: Partial<ScriptedPad>): Promise<void> {
  await page.evaluate((p) => {
    const pad = window.__pad;
    const wasConnected = pad.connected;
    const wasFocused = pad.focused;
    Object.assign(pad, p);
    if (pad.connected !== wasConnected) window.dispatchEvent(new Event(pad.connected ? 'gamepadconnected' : 'gamepaddisconnected'));
    if (pad.focused !== wasFocused) window.dispatchEvent(new Event(pad.focused ? 'focus' : 'blur'));
  }, patch);
}

/** Sets the stick (axis 1, pushed forward = −1 on a standard pad) and the dead-man (button 5 by default). */
export async function stick(page: Page, forward: number, deadMan: boolean, deadManButton = 5): Promise<void> {
  await page.evaluate(
    ({ forward, deadMan, deadManButton }) => {
      window.__pad.axes[1] = -forward;
      window.__pad.buttons[deadManButton] = deadMan;
    },
    { forward, deadMan, deadManButton },
  );
}
