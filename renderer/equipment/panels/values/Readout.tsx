/** A large value with its label, unit and age; dimmed and marked "stale" when not confirmed in time (never looks live). */
import { useI18n } from '../../../i18n/i18n';
import { ageText } from './age-text';
import type { TagView } from './use-tag';

/** One readout. `abnormal` (alarm-worthy state) is the only case that gets colour. */
export function Readout({ name, view, abnormal = false, extra }: { name: string; view: TagView; abnormal?: boolean; extra?: string }) {
  const { t, locale } = useI18n();
  const classes = ['readout', view.stale ? 'stale' : '', abnormal && !view.stale ? 'abnormal' : ''].filter(Boolean).join(' ');
  return (
    <div className={classes} data-testid={`readout-${name}`} title={name}>
      <span className="readout-label">{view.label}</span>
      <span className="readout-value">
        <strong>{view.text ?? t('panel.noValue')}</strong>
        {view.unit && view.text !== undefined && !view.tag?.states && <span className="readout-unit"> {view.unit}</span>}
      </span>
      <span className="readout-age">
        {view.stale && view.text !== undefined && <span className="stale-label">{t('panel.stale')}</span>} {ageText(view.ageMs, t, locale)}
        {extra && <span className="readout-extra"> · {extra}</span>}
      </span>
    </div>
  );
}
