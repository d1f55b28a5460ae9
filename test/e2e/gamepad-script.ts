/**
 * A scripted gamepad for E2E: replaces `navigator.getGamepads` before the app loads (`page.addInitScript`) with one
 * pad the test drives through `page.evaluate`: connect, axes, buttons, vanishing from the list, and window focus.
 * Like a real pad (Gamepad spec, Chromium), its `timestamp` advances only when its axes or buttons change: held still,
 * it stays put. (The page code is typed through the small PageGlobals shape: the tests' compilation has no DOM
 * library, on purpose.)
 */
import type { Page } from '@playwright/test';

/** What the test sets on the scripted pad. */
export interface ScriptedPad {
  connected: boolean;
  axes: number[];
  buttons: boolean[];
  /** Gone from `navigator.getGamepads()` without a disconnect event or `connected: false` (a driver dropping it). */
  vanished: boolean;
  focused: boolean;
}

/** The page globals these scripts touch. */
interface PageGlobals {
  __pad: ScriptedPad & { timestamp: number };
  performance: { now(): number };
  dispatchEvent(event: Event): boolean;
  Navigator: { prototype: object };
  Document: { prototype: { hasFocus(): boolean } };
}

/** Installs the scripted pad (disconnected) in every page of `page`'s context before any app script runs. */
export async function installScriptedGamepad(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = globalThis as unknown as PageGlobals;
    const pad = { connected: false, axes: [0, 0, 0, 0], buttons: Array.from({ length: 17 }, () => false), vanished: false, focused: true, timestamp: 0 };
    w.__pad = pad;
    const snapshot = () => ({
      index: 0,
      id: 'Scripted pad (STANDARD GAMEPAD)',
      mapping: 'standard',
      connected: true,
      timestamp: pad.timestamp,
      axes: [...pad.axes],
      buttons: pad.buttons.map((pressed) => ({ pressed, touched: pressed, value: pressed ? 1 : 0 })),
    });
    Object.defineProperty(w.Navigator.prototype, 'getGamepads', { configurable: true, value: () => [pad.connected && !pad.vanished ? snapshot() : null, null, null, null] });
    // The page's focus as the controller sees it (a headless page cannot lose real focus on demand).
    const realHasFocus = w.Document.prototype.hasFocus;
    Object.defineProperty(w.Document.prototype, 'hasFocus', {
      configurable: true,
      value: function (this: unknown) {
        return pad.focused && realHasFocus.call(this);
      },
    });
  });
}

/**
 * Changes the scripted pad; connecting or disconnecting fires the browser's event as a real pad would, focus too
 * (vanishing fires nothing: that is the point of it).
 */
export async function setPad(page: Page, patch: Partial<ScriptedPad>): Promise<void> {
  await page.evaluate((p) => {
    const w = globalThis as unknown as PageGlobals;
    const pad = w.__pad;
    const wasConnected = pad.connected;
    const wasFocused = pad.focused;
    const wasVanished = pad.vanished;
    const data = JSON.stringify([pad.axes, pad.buttons]);
    Object.assign(pad, p);
    if (JSON.stringify([pad.axes, pad.buttons]) !== data) pad.timestamp = w.performance.now();
    // Back in the list after vanishing: the browser announces it as a new connection.
    if (wasVanished && !pad.vanished && pad.connected) w.dispatchEvent(new Event('gamepadconnected'));
    if (pad.connected !== wasConnected) w.dispatchEvent(new Event(pad.connected ? 'gamepadconnected' : 'gamepaddisconnected'));
    if (pad.focused !== wasFocused) w.dispatchEvent(new Event(pad.focused ? 'focus' : 'blur'));
  }, patch);
}

/** Sets the stick (axis 1, pushed forward = −1 on a standard pad) and the dead-man (button 5 by default). */
export async function stick(page: Page, forward: number, deadMan: boolean, deadManButton = 5): Promise<void> {
  await page.evaluate(
    ({ forward, deadMan, deadManButton }) => {
      const w = globalThis as unknown as PageGlobals;
      const pad = w.__pad;
      if (pad.axes[1] !== -forward || pad.buttons[deadManButton] !== deadMan) pad.timestamp = w.performance.now(); // new data only
      pad.axes[1] = -forward;
      pad.buttons[deadManButton] = deadMan;
    },
    { forward, deadMan, deadManButton },
  );
}
