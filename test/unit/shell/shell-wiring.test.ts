/**
 * The shell's wiring, without Electron: the navigation guards are installed on the window's contents and deny,
 * and the port hand-over gives a port only to our own top-level page.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { portRequestHandler } from '../../../main/shell/port-request';
import { guardWebContents } from '../../../main/shell/window-guards';

const APP_URL = 'file:///opt/rec/renderer/index.html';

/** Stands in for WebContents: records listeners and the window-open handler. */
class FakeContents extends EventEmitter {
  openHandler: (() => { action: string }) | undefined;
  readonly mainFrame = { url: APP_URL };
  setWindowOpenHandler(handler: () => { action: 'deny' }): void {
    this.openHandler = handler;
  }
  /** Fires `name` like Electron does and says whether the listener prevented it. */
  fire(name: string, url?: string): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

describe('window guards', () => {
  it('deny navigation and redirects away from the app, webviews and window.open; allow the app itself', () => {
    const contents = new FakeContents();
    guardWebContents(contents, APP_URL);
    expect(contents.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.fire('will-redirect', 'https://evil.example/')).toBe(true);
    expect(contents.fire('will-attach-webview')).toBe(true);
    expect(contents.openHandler?.()).toEqual({ action: 'deny' });
    expect(contents.fire('will-navigate', `${APP_URL}#/alarms`)).toBe(false);
  });
});

describe('port hand-over', () => {
  function setup() {
    const contents = new FakeContents();
    const delivered: number[] = [];
    const logged: string[] = [];
    const handle = portRequestHandler({ contents, appUrl: APP_URL, log: (l) => logged.push(l), deliver: () => delivered.push(1) });
    return { contents, delivered, logged, handle };
  }

  it('delivers a port to our own top-level page', () => {
    const { contents, delivered, handle } = setup();
    handle({ sender: contents, senderFrame: contents.mainFrame });
    expect(delivered).toHaveLength(1);
  });

  it.each([
    ['another web contents', (c: FakeContents) => ({ sender: new FakeContents(), senderFrame: c.mainFrame })],
    ['a sub-frame of our window', (c: FakeContents) => ({ sender: c, senderFrame: { url: APP_URL } })],
    ['our window after navigating elsewhere', (c: FakeContents) => ({ sender: c, senderFrame: Object.assign(c.mainFrame, { url: 'https://evil.example/' }) })],
    ['an unknown frame', (c: FakeContents) => ({ sender: c, senderFrame: null })],
  ])('refuses %s and logs it', (_what, event) => {
    const { contents, delivered, logged, handle } = setup();
    handle(event(contents));
    expect(delivered).toHaveLength(0);
    expect(logged.join('\n')).toMatch(/refused an engine port request/);
  });
});
