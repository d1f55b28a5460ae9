/**
 * The shortcut table: each global combination triggers exactly its own entry (what the overlay lists is what the
 * handlers do), none collides with a browser's own shortcut, every label and key name is in both catalogs, and the
 * stop button's matcher reads the same table.
 */
import { describe, expect, it } from 'vitest';
import { catalogs, hasMessage } from '../../../../renderer/i18n/messages';
import { comboMatches, isShortcut, matchShortcut, NAV_SHORTCUT_PAGES, SHORTCUTS, stopKeyAction, type KeyCombo, type KeyInput } from '../../../../renderer/input/shortcuts';

/** The keyboard event a combination produces (Shift held for `?`, as on most layouts). */
function eventOf(combo: KeyCombo, extra: Partial<KeyInput> = {}): KeyInput {
  const key = combo.key ?? (combo.code?.startsWith('Digit') ? combo.code.slice(5) : '');
  return { key, code: combo.code ?? '', ctrlKey: !!combo.ctrl, altKey: !!combo.alt, shiftKey: !!combo.shift || key === '?', metaKey: false, ...extra };
}

/** Browser and OS shortcuts the console must leave alone (Chromium on Linux/Windows, Firefox). */
const RESERVED: KeyInput[] = [
  ...Array.from({ length: 9 }, (_, i) => ({ key: String(i + 1), code: `Digit${i + 1}`, ctrlKey: false, altKey: true, shiftKey: false, metaKey: false })), // tabs, Linux
  ...Array.from({ length: 9 }, (_, i) => ({ key: String(i + 1), code: `Digit${i + 1}`, ctrlKey: true, altKey: false, shiftKey: false, metaKey: false })), // tabs, Windows
  ...['t', 'w', 'n', 'l', 'r', 'f', 'p', 's', 'd', 'h', 'j', 'u', '+', '-', '0'].map((key) => ({ key, code: '', ctrlKey: true, altKey: false, shiftKey: false, metaKey: false })),
  ...['F5', 'F6', 'F11', 'F12', 'F3', 'F7'].map((key) => ({ key, code: '', ctrlKey: false, altKey: false, shiftKey: false, metaKey: false })),
  ...['ArrowLeft', 'ArrowRight', 'Home', 'F4'].map((key) => ({ key, code: '', ctrlKey: false, altKey: true, shiftKey: false, metaKey: false })),
  ...['I', 'J', 'C', 'T', 'N', 'Delete', 'Tab'].map((key) => ({ key, code: '', ctrlKey: true, altKey: false, shiftKey: true, metaKey: false })),
  { key: 'Tab', code: 'Tab', ctrlKey: true, altKey: false, shiftKey: false, metaKey: false },
];

describe('shortcut table', () => {
  it('has unique ids and, for every global combination, triggers exactly that entry', () => {
    expect(new Set(SHORTCUTS.map((s) => s.id)).size).toBe(SHORTCUTS.length);
    for (const shortcut of SHORTCUTS.filter((s) => s.scope === 'global')) {
      for (const combo of shortcut.combos) expect(matchShortcut(eventOf(combo))?.id, `${shortcut.id} ${combo.caps.join('+')}`).toBe(shortcut.id);
    }
  });

  it('collides with no browser shortcut', () => {
    const clashes = RESERVED.map((event) => ({ event, hit: matchShortcut(event) })).filter((r) => r.hit);
    expect(clashes.map((c) => `${c.hit?.id}: ${JSON.stringify(c.event)}`)).toEqual([]);
  });

  it('does not fire on near misses: Alt+digit without Shift, a digit alone, the help key with Ctrl', () => {
    expect(matchShortcut({ key: '1', code: 'Digit1', ctrlKey: false, altKey: true, shiftKey: false, metaKey: false })).toBeUndefined();
    expect(matchShortcut({ key: '1', code: 'Digit1', ctrlKey: false, altKey: false, shiftKey: false, metaKey: false })).toBeUndefined();
    expect(matchShortcut({ key: '?', code: 'Slash', ctrlKey: true, altKey: false, shiftKey: true, metaKey: false })).toBeUndefined();
    expect(matchShortcut({ key: '.', code: 'Period', ctrlKey: false, altKey: false, shiftKey: false, metaKey: false })).toBeUndefined();
  });

  it('matches navigation by key position, whatever the layout prints on Shift+digit', () => {
    expect(matchShortcut({ key: '!', code: 'Digit1', ctrlKey: false, altKey: true, shiftKey: true, metaKey: false })?.id).toBe('nav.overview');
    expect(matchShortcut({ key: '&', code: 'Digit1', ctrlKey: false, altKey: true, shiftKey: true, metaKey: false })?.id).toBe('nav.overview'); // AZERTY
    expect(SHORTCUTS.filter((s) => s.page).map((s) => s.page)).toEqual([...NAV_SHORTCUT_PAGES]);
  });

  it('the stop works with extra modifiers held (never missed in a hurry) and is read by the stop button from this table', () => {
    expect(isShortcut('stop', { key: '.', code: 'Period', ctrlKey: true, altKey: true, shiftKey: false, metaKey: false })).toBe(true);
    expect(isShortcut('stop', { key: 'Pause', code: 'Pause', ctrlKey: false, altKey: false, shiftKey: true, metaKey: false })).toBe(true);
    expect(isShortcut('stop', { key: '>', code: 'Period', ctrlKey: true, altKey: false, shiftKey: true, metaKey: false })).toBe(true); // Ctrl+Shift+.
    expect(isShortcut('stop', { key: '>', code: 'Period', ctrlKey: false, altKey: false, shiftKey: true, metaKey: false })).toBe(false); // no Ctrl
    // Another layout's character at that key position is not the stop: Dvorak's Ctrl+V pastes, AZERTY's ':' …
    expect(isShortcut('stop', { key: 'v', code: 'Period', ctrlKey: true, altKey: false, shiftKey: false, metaKey: false })).toBe(false);
    expect(isShortcut('stop', { key: ':', code: 'Period', ctrlKey: true, altKey: false, shiftKey: false, metaKey: false })).toBe(false);
    expect(isShortcut('stop', { key: '>', code: 'IntlBackslash', ctrlKey: true, altKey: true, shiftKey: false, metaKey: false })).toBe(false); // AltGr layouts' '>' elsewhere
    // A held stop key sends one stop per press: its auto-repeats are swallowed, not sent again.
    const press = { key: '.', code: 'Period', ctrlKey: true, altKey: false, shiftKey: false, metaKey: false };
    expect(stopKeyAction({ ...press, repeat: false })).toBe('send');
    expect(stopKeyAction({ ...press, repeat: true })).toBe('swallow');
    expect(stopKeyAction({ ...press, key: 'x', code: 'KeyX', repeat: false })).toBe('none');
    expect(comboMatches({ key: 'Pause', loose: true, caps: [] }, { key: 'Pause', code: '', ctrlKey: true, altKey: false, shiftKey: false, metaKey: true })).toBe(true);
  });

  it('has every label and translated key name in both catalogs', () => {
    for (const shortcut of SHORTCUTS) {
      expect(catalogs.en[shortcut.label], shortcut.id).toBeTruthy();
      expect(catalogs['zh-CN'][shortcut.label], shortcut.id).toBeTruthy();
      for (const cap of shortcut.combos.flatMap((c) => c.caps)) if (cap.includes('.') && cap.length > 1) expect(hasMessage(cap), cap).toBe(true);
    }
  });
});
