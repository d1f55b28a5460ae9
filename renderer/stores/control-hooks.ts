/** The login, control and jog stores of this window, and hooks over them (useSyncExternalStore). */
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { ControlSnapshot, ControlStore } from './control-store';
import type { JogSnapshot, JogStore } from './jog-store';
import type { LoginSnapshot, LoginStore } from './login-store';

/** The operator-side stores. */
export interface ControlServices {
  login: LoginStore;
  control: ControlStore;
  jog: JogStore;
}

export const ControlContext = createContext<ControlServices | null>(null);

/** The operator-side stores; throws outside the provider (a programming error). */
export function useControlServices(): ControlServices {
  const services = useContext(ControlContext);
  if (!services) throw new Error('useControlServices outside ControlContext');
  return services;
}

/** Who is logged in, the login prompt and the lock notice. */
export function useLogin(): LoginSnapshot {
  const { login } = useControlServices();
  return useSyncExternalStore(login.subscribe, login.getSnapshot);
}

/** Control holders and recent outcomes. */
export function useControl(): ControlSnapshot {
  const { control } = useControlServices();
  return useSyncExternalStore(control.subscribe, control.getSnapshot);
}

/** The hold-to-run state. */
export function useJog(): JogSnapshot {
  const { jog } = useControlServices();
  return useSyncExternalStore(jog.subscribe, jog.getSnapshot);
}
