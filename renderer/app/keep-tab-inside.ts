/**
 * Keeps Tab and Shift+Tab inside an open dialog that sits over a dimmed page: focus would otherwise wander to
 * controls hidden behind the backdrop. The stop stays reachable without it: its button above the backdrop takes a
 * click, and its shortcuts (Ctrl+. and Pause) work wherever focus is.
 */

const FOCUSABLE = 'input:not([disabled]), button:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

/** Handles a Tab keydown for `container`: wraps at its ends, and brings focus back in from outside. */
export function keepTabInside(event: KeyboardEvent, container: HTMLElement | null): void {
  if (event.key !== 'Tab' || !container) return;
  const focusable = [...container.querySelectorAll<HTMLElement>(FOCUSABLE)];
  const first = focusable[0];
  const last = focusable.at(-1);
  if (!first || !last) return;
  const active = document.activeElement;
  const inside = active instanceof Node && container.contains(active);
  if (!inside || (event.shiftKey && active === first) || (!event.shiftKey && active === last)) {
    event.preventDefault();
    (event.shiftKey ? last : first).focus();
  }
}
