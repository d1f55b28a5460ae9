/**
 * Every keyboard shortcut of the console, in one table: the key handlers (the stop button's, the app's global one)
 * match events against it and the help overlay lists it, so a shortcut cannot exist without being documented.
 * Chosen not to collide with browser shortcuts: Alt+digit switches tabs in Chromium on Linux and Ctrl+digit on
 * Windows, so pages are Alt+Shift+digit (matched by key position, `code`, so the keyboard layout does not matter).
 */
import type { MessageKey } from '../i18n/messages';

/** One key combination; unset modifiers must be up (except Shift for `key` matches, which layouts need for `?`). */
export interface KeyCombo {
  /** `KeyboardEvent.key` (a character or a named key), or … */
  key?: string;
  /** … `KeyboardEvent.code` (a key position: `Digit1`). */
  code?: string;
  ctrl?: boolean;
  alt?: boolean;
  shift?: boolean;
  /** Other modifiers held as well still match (the stop must work however the operator hits it). */
  loose?: boolean;
  /** Key caps as printed, joined with "+" in the overlay (names that need translating are catalog keys); empty: not listed. */
  caps: readonly (string | MessageKey)[];
}

/** Where a shortcut is handled: anywhere in the window, or by the control that has focus. */
export type ShortcutScope = 'global' | 'focused';

/** Groups in the overlay, in this order. */
export const SHORTCUT_GROUPS = ['safety', 'navigation', 'controls', 'help'] as const;

/** One documented shortcut. */
export interface Shortcut {
  id: string;
  group: (typeof SHORTCUT_GROUPS)[number];
  scope: ShortcutScope;
  combos: readonly KeyCombo[];
  /** What it does (catalog key); `page` for navigation entries. */
  label: MessageKey;
  page?: NavPage;
}

/** Pages reached by Alt+Shift+1…n, in header order; the gamepad calibration page comes last. */
export const NAV_SHORTCUT_PAGES = ['overview', 'equipment', 'alarms', 'trends', 'link', 'diagnostics', 'gamepad'] as const;
/** A page with a navigation shortcut. */
export type NavPage = (typeof NAV_SHORTCUT_PAGES)[number];

const NAV_LABELS: Record<NavPage, MessageKey> = {
  overview: 'input.shortcut.navOverview',
  equipment: 'input.shortcut.navEquipment',
  alarms: 'input.shortcut.navAlarms',
  trends: 'input.shortcut.navTrends',
  link: 'input.shortcut.navLink',
  diagnostics: 'input.shortcut.navDiagnostics',
  gamepad: 'input.shortcut.navGamepad',
};

/** The table. */
export const SHORTCUTS: readonly Shortcut[] = [
  {
    id: 'stop',
    group: 'safety',
    scope: 'global',
    label: 'input.shortcut.stop',
    combos: [
      // With Shift held too the key reads '>' (most layouts): that is still this stop. Matched as '>' at the '.' key's
      // position only, so another layout's character there (Dvorak's V: paste) never stops a machine.
      { key: '.', ctrl: true, loose: true, caps: ['Ctrl', '.'] },
      { key: '>', code: 'Period', ctrl: true, loose: true, caps: [] },
      { key: 'Pause', loose: true, caps: ['Pause'] },
    ],
  },
  ...NAV_SHORTCUT_PAGES.map(
    (page, index): Shortcut => ({
      id: `nav.${page}`,
      group: 'navigation',
      scope: 'global',
      label: NAV_LABELS[page],
      page,
      combos: [{ code: `Digit${index + 1}`, alt: true, shift: true, caps: ['Alt', 'Shift', String(index + 1)] }],
    }),
  ),
  { id: 'focus.next', group: 'controls', scope: 'focused', label: 'input.shortcut.focusNext', combos: [{ key: 'Tab', caps: ['Tab'] }, { key: 'Tab', shift: true, caps: ['Shift', 'Tab'] }] },
  { id: 'activate', group: 'controls', scope: 'focused', label: 'input.shortcut.activate', combos: [{ key: 'Enter', caps: ['Enter'] }, { key: ' ', caps: ['input.key.space'] }] },
  { id: 'jog.hold', group: 'controls', scope: 'focused', label: 'input.shortcut.jogHold', combos: [{ key: ' ', caps: ['input.key.space'] }, { key: 'Enter', caps: ['Enter'] }] },
  { id: 'dialog.close', group: 'controls', scope: 'focused', label: 'input.shortcut.close', combos: [{ key: 'Escape', caps: ['Esc'] }] },
  {
    id: 'help',
    group: 'help',
    scope: 'global',
    label: 'input.shortcut.help',
    combos: [
      { key: '?', caps: ['?'] },
      { key: 'F1', caps: ['F1'] },
    ],
  },
];

/** The subset of a KeyboardEvent the matcher reads (declared here so tests need no DOM). */
export interface KeyInput {
  key: string;
  code: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

/** Whether `event` is `combo`. A `key` combo ignores Shift unless it asks for it (`?` needs Shift on most layouts). */
export function comboMatches(combo: KeyCombo, event: KeyInput): boolean {
  if (combo.loose) return combo.key === event.key && (combo.code === undefined || combo.code === event.code) && (!combo.ctrl || event.ctrlKey) && (!combo.alt || event.altKey);
  if (event.metaKey) return false;
  if (!!combo.ctrl !== event.ctrlKey || !!combo.alt !== event.altKey) return false;
  if (combo.code !== undefined) return combo.code === event.code && !!combo.shift === event.shiftKey;
  if (combo.shift !== undefined && combo.shift !== event.shiftKey) return false;
  return combo.key === event.key;
}

/** The global shortcut `event` triggers, if any. */
export function matchShortcut(event: KeyInput): Shortcut | undefined {
  return SHORTCUTS.find((s) => s.scope === 'global' && s.combos.some((c) => comboMatches(c, event)));
}

/** Whether `event` triggers the shortcut `id` (for handlers that own one shortcut, like the stop button). */
export function isShortcut(id: string, event: KeyInput): boolean {
  return matchShortcut(event)?.id === id;
}

/**
 * What a key does to the supplementary stop: `send` on a press of its shortcut; `swallow` the shortcut's auto-repeats
 * while it is held (one stop per press: a held key must not send a stop per repeat to every equipment); `none` else.
 */
export function stopKeyAction(event: KeyInput & { repeat: boolean }): 'send' | 'swallow' | 'none' {
  if (!isShortcut('stop', event)) return 'none';
  return event.repeat ? 'swallow' : 'send';
}
