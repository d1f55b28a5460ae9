/** The window's input state outside React: the help overlay's open flag and the one gamepad controller. */
import { useSyncExternalStore } from 'react';
import { useControlServices } from '../stores/control-hooks';
import type { JogStore } from '../stores/jog-store';
import { GamepadController, type GamepadSnapshot } from './gamepad-controller';
import { browserGamepadEnvironment } from './gamepad-window';

let helpOpen = false;
const helpListeners = new Set<() => void>();

/** Opens or closes the shortcut help (toggles without an argument). */
export function setHelpOpen(open = !helpOpen): void {
  helpOpen = open;
  for (const listener of helpListeners) listener();
}

/** Whether the shortcut help is open. */
export function useHelpOpen(): boolean {
  return useSyncExternalStore(
    (listener) => {
      helpListeners.add(listener);
      return () => helpListeners.delete(listener);
    },
    () => helpOpen,
  );
}

let controller: GamepadController | undefined;

/** The window's gamepad controller (one per window: one jog store, one stick). */
export function gamepadControllerFor(jog: JogStore): GamepadController {
  controller ??= new GamepadController(jog, browserGamepadEnvironment());
  return controller;
}

/** The gamepad controller of this window. */
export function useGamepadController(): GamepadController {
  return gamepadControllerFor(useControlServices().jog);
}

/** The gamepad's status, settings and target (not the raw per-frame reading). */
export function useGamepad(): GamepadSnapshot {
  const c = useGamepadController();
  return useSyncExternalStore(c.subscribe, c.getSnapshot);
}
