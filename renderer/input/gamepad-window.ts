/** The browser side of the gamepad controller: the Gamepad API, animation frames, focus and visibility events. */
import type { GamepadController, GamepadEnvironment } from './gamepad-controller';

/** The browser's own environment. */
export function browserGamepadEnvironment(): GamepadEnvironment {
  return {
    getGamepads: () => (typeof navigator.getGamepads === 'function' ? navigator.getGamepads() : []),
    requestFrame: (callback) => requestAnimationFrame(callback),
    cancelFrame: (handle) => cancelAnimationFrame(handle),
    now: () => performance.now(),
    focused: () => document.hasFocus() && document.visibilityState === 'visible',
  };
}

/** Wires a controller to the window: gamepad (dis)connection, focus, visibility. Returns the unwiring. */
export function attachGamepadToWindow(controller: GamepadController): () => void {
  const onVisibility = () => controller.checkNow();
  window.addEventListener('gamepadconnected', controller.wake);
  window.addEventListener('gamepaddisconnected', controller.checkNow);
  window.addEventListener('blur', controller.checkNow);
  window.addEventListener('focus', controller.checkNow);
  document.addEventListener('visibilitychange', onVisibility);
  controller.wake(); // a pad connected before this page loaded shows up in the first poll
  return () => {
    window.removeEventListener('gamepadconnected', controller.wake);
    window.removeEventListener('gamepaddisconnected', controller.checkNow);
    window.removeEventListener('blur', controller.checkNow);
    window.removeEventListener('focus', controller.checkNow);
    document.removeEventListener('visibilitychange', onVisibility);
    controller.dispose();
  };
}
