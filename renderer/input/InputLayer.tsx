/**
 * Mounted once by the app: the global shortcut handler (help, page navigation; the stop button handles its own
 * shortcut from the same table), the help overlay, and the gamepad controller's wiring to the window.
 */
import { useEffect } from 'react';
import { routeHref } from '../app/route';
import { attachGamepadToWindow } from './gamepad-window';
import { setHelpOpen, useGamepadController } from './input-services';
import { matchShortcut } from './shortcuts';
import { ShortcutsHelp } from './ShortcutsHelp';
import './input.css';

/** Printable shortcuts (`?`) must not fire while the operator types into a field. */
function typingInto(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

/** The app's global keyboard handler and gamepad wiring, plus the help overlay. */
export function InputLayer() {
  const gamepad = useGamepadController();
  useEffect(() => attachGamepadToWindow(gamepad), [gamepad]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const shortcut = matchShortcut(event);
      if (!shortcut || event.repeat) return;
      if (shortcut.id === 'help') {
        if (event.key.length === 1 && typingInto(event.target)) return;
        event.preventDefault(); // F1 would open the browser's help
        setHelpOpen();
      } else if (shortcut.page) {
        event.preventDefault();
        setHelpOpen(false);
        window.location.hash = routeHref({ page: shortcut.page });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return <ShortcutsHelp />;
}
