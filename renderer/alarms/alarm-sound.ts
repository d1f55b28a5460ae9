/**
 * The alarm sound: a beep generated with Web Audio (no sound files), for new high and urgent alarms. Browsers refuse
 * audio before the user has interacted with the page, so the audio context is made on the first click or key press.
 * The mute choice is kept on this machine (localStorage).
 */
import type { AlarmTransition } from '../../shared/contract/requests/alarms';
import { shouldSound } from './alarm-rules';

const MUTE_KEY = 'rec-alarm-sound-muted';
const MIN_GAP_MS = 1500;

/** Mute state and whether audio is allowed yet. */
export interface SoundSnapshot {
  muted: boolean;
  audioAllowed: boolean;
}

/** Beep pattern per priority: urgent three short tones, high two. */
const PATTERN: Record<string, { hz: number; beeps: number }> = { urgent: { hz: 988, beeps: 3 }, high: { hz: 784, beeps: 2 } };

/** Observable alarm sound. */
export class AlarmSound {
  private snapshot: SoundSnapshot = { muted: readMuted(), audioAllowed: false };
  private readonly listeners = new Set<() => void>();
  private context: AudioContext | undefined;
  private lastSoundAt = -Infinity;

  getSnapshot = (): SoundSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Waits for the first user gesture in `target` (the window), then creates the audio context. */
  unlockOnGesture(target: Pick<Window, 'addEventListener' | 'removeEventListener'>): void {
    const unlock = () => {
      target.removeEventListener('pointerdown', unlock);
      target.removeEventListener('keydown', unlock);
      try {
        this.context ??= new AudioContext();
        void this.context.resume().then(() => this.update({ audioAllowed: true }));
      } catch {
        // no Web Audio in this browser: the console stays silent, the banner still shows the alarm
      }
    };
    target.addEventListener('pointerdown', unlock);
    target.addEventListener('keydown', unlock);
  }

  /** Mutes or unmutes, remembered across reloads. */
  setMuted(muted: boolean): void {
    try {
      localStorage.setItem(MUTE_KEY, muted ? '1' : '0');
    } catch {
      // storage disabled: the choice lasts for this page only
    }
    this.update({ muted });
  }

  /** Beeps for `transition` when the rules say so. */
  offer(transition: AlarmTransition, now = performance.now()): void {
    const { muted, audioAllowed } = this.snapshot;
    if (!shouldSound(transition, { muted, audioAllowed, lastSoundAt: this.lastSoundAt, now, minGapMs: MIN_GAP_MS })) return;
    this.lastSoundAt = now;
    this.beep(PATTERN[transition.priority] ?? { hz: 784, beeps: 1 });
  }

  private beep({ hz, beeps }: { hz: number; beeps: number }): void {
    const ctx = this.context;
    if (!ctx) return;
    const start = ctx.currentTime + 0.02;
    for (let i = 0; i < beeps; i++) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'square';
      osc.frequency.value = hz;
      const t0 = start + i * 0.25;
      // Short ramps avoid clicks; 0.15 s tones, 0.1 s apart.
      gain.gain.setValueAtTime(0, t0);
      gain.gain.linearRampToValueAtTime(0.2, t0 + 0.01);
      gain.gain.setValueAtTime(0.2, t0 + 0.14);
      gain.gain.linearRampToValueAtTime(0, t0 + 0.15);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0);
      osc.stop(t0 + 0.16);
    }
  }

  private update(patch: Partial<SoundSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}

function readMuted(): boolean {
  try {
    return localStorage.getItem(MUTE_KEY) === '1';
  } catch {
    return false;
  }
}
