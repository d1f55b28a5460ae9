/** The stop button, on every screen, labelled supplementary: it is not the machine's emergency stop. */
import { useState } from 'react';
import { useI18n } from '../i18n/i18n';

/** Placeholder until the control work wires it to each equipment's stop command; it says so instead of pretending. */
export function StopButton() {
  const { t } = useI18n();
  const [notice, setNotice] = useState(false);
  return (
    <div className="stop">
      <button type="button" className="stop-button" aria-describedby="stop-caption" onClick={() => setNotice(true)}>
        {t('stop.label')}
      </button>
      <span id="stop-caption" className="stop-caption">
        {t('stop.caption')}
      </span>
      {notice && (
        <span role="alert" className="stop-notice">
          {t('stop.unavailable')}
        </span>
      )}
    </div>
  );
}
