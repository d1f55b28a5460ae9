/** The alarm store and sound of this window, and hooks over them (useSyncExternalStore). */
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { AlarmSnapshot, AlarmStore } from './alarm-store';
import type { AlarmSound, SoundSnapshot } from './alarm-sound';

/** The alarm-side services. */
export interface AlarmServices {
  alarms: AlarmStore;
  sound: AlarmSound;
}

export const AlarmContext = createContext<AlarmServices | null>(null);

/** The alarm services; throws outside the provider (a programming error). */
export function useAlarmServices(): AlarmServices {
  const services = useContext(AlarmContext);
  if (!services) throw new Error('useAlarmServices outside AlarmContext');
  return services;
}

/** The current alarms. */
export function useAlarms(): AlarmSnapshot {
  const { alarms } = useAlarmServices();
  return useSyncExternalStore(alarms.subscribe, alarms.getSnapshot);
}

/** Mute state and audio permission. */
export function useAlarmSound(): SoundSnapshot {
  const { sound } = useAlarmServices();
  return useSyncExternalStore(sound.subscribe, sound.getSnapshot);
}

/** Creates the alarm services of a window: the sound listens to the store and unlocks on the first gesture. */
export function createAlarmServices(store: AlarmStore, sound: AlarmSound): AlarmServices {
  store.onTransition((t) => sound.offer(t));
  sound.unlockOnGesture(window);
  return { alarms: store, sound };
}
