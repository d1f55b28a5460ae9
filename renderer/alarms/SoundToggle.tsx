/** The visible mute switch of the alarm sound; the choice is remembered on this machine. */
import { useI18n } from '../i18n/i18n';
import { useAlarmServices, useAlarmSound } from './alarm-context';

/** "Sound on" / "Sound muted" button, pressed while muted. */
export function SoundToggle() {
  const { sound } = useAlarmServices();
  const { muted, audioAllowed } = useAlarmSound();
  const { t } = useI18n();
  return (
    <button
      type="button"
      className={`sound-toggle${muted ? ' sound-muted' : ''}`}
      data-testid="alarm-sound-toggle"
      aria-pressed={muted}
      title={!muted && !audioAllowed ? t('alarms.sound.waiting') : t('alarms.sound.toggle')}
      onClick={() => sound.setMuted(!muted)}
    >
      <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
        <path d="M3 7 H7 L12 3 V17 L7 13 H3 Z" />
        {muted ? <path d="M14 7 L19 13 M19 7 L14 13" className="sound-x" /> : <path d="M14 7 Q16.5 10 14 13" className="sound-wave" />}
      </svg>
      {muted ? t('alarms.sound.off') : t('alarms.sound.on')}
    </button>
  );
}
