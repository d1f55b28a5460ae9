/** The alarm banner on every screen, under the header: the newest highest-priority unacknowledged alarm. */
import { useI18n } from '../i18n/i18n';
import { useSession } from '../stores/hooks';
import { useAlarms } from './alarm-context';
import { bannerChoice } from './alarm-rules';
import { alarmMessage, equipmentName, formatAlarmTime } from './alarm-text';
import { PriorityMark } from './PriorityMark';
import { SoundToggle } from './SoundToggle';
import './alarms.css';

/** Banner: priority, equipment, message, state, time and how many others wait; a click opens the alarm list. */
export function AlarmBanner() {
  const { alarms, loaded } = useAlarms();
  const { equipment } = useSession();
  const { t, locale } = useI18n();
  const { top, othersUnacked, active } = bannerChoice(alarms.values());
  if (!loaded) {
    // Never calm while blind: without the engine's list the console does not know the alarms.
    return (
      <section className="alarm-banner banner-unknown" aria-label={t('alarms.banner.area')} data-testid="alarm-banner">
        <span className="banner-link">{t('alarms.banner.unknown')}</span>
        <SoundToggle />
      </section>
    );
  }
  return (
    <section className={`alarm-banner${top ? ` banner-${top.priority}` : ''}`} aria-label={t('alarms.banner.area')} data-testid="alarm-banner">
      <a href="#/alarms" className="banner-link" title={t('alarms.banner.open')}>
        {top ? (
          <>
            <PriorityMark priority={top.priority} withText />
            <span className="banner-equipment">{equipmentName(top.equipmentId, equipment, locale)}</span>
            <span className="banner-message">{alarmMessage(top, equipment, locale, t)}</span>
            <span className="banner-state">{t(`alarms.state.${top.state}`)}</span>
            <time className="banner-time" dateTime={new Date(top.since).toISOString()}>
              {formatAlarmTime(top.since, locale)}
            </time>
            {othersUnacked > 0 && <span className="banner-others">{t('alarms.banner.others', { n: othersUnacked })}</span>}
          </>
        ) : (
          <span className="banner-calm">{active > 0 ? t('alarms.banner.active', { n: active }) : t('alarms.banner.none')}</span>
        )}
      </a>
      <SoundToggle />
    </section>
  );
}
