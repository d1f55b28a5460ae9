/** A large value with its label, unit and age; when not live, dimmed and named for what it is (never looks live). */
import { useI18n } from '../../../i18n/i18n';
import { ageText } from './age-text';
import { StatusMark, statusClasses } from './StatusMark';
import type { TagView } from './use-tag';

/** One readout. `abnormal` (alarm-worthy state) is the only case that gets colour, and only on a live good value. */
export function Readout({ name, view, abnormal = false, extra }: { name: string; view: TagView; abnormal?: boolean; extra?: string }) {
  const { t, locale } = useI18n();
  // A value never read says so (a dash alone could be a blank); an age, once there is one.
  const age = view.ageMs === undefined && view.text === undefined ? t('panel.notReadYet') : ageText(view.ageMs, t, locale);
  const classes = ['readout', statusClasses(view.status), abnormal && !view.stale ? 'abnormal' : ''].filter(Boolean).join(' ');
  return (
    <div className={classes} data-testid={`readout-${name}`} title={name}>
      <span className="readout-label">{view.label}</span>
      <span className="readout-value">
        {/* A number a bad value still carries is no reading: struck out (a dash needs no strike). */}
        <strong className={view.status === 'bad' && view.text !== undefined ? 'struck' : undefined}>{view.text ?? t('panel.noValue')}</strong>
        {view.unit && view.text !== undefined && !view.tag?.states && <span className="readout-unit"> {view.unit}</span>}
      </span>
      <span className="readout-age">
        <StatusMark status={view.status} /> {age}
        {extra && (
          <span className="readout-extra">
            {age ? ' · ' : ''}
            {extra}
          </span>
        )}
      </span>
    </div>
  );
}
