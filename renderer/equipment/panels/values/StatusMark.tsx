/** The word that says what a value that is not live is (bad, stale, uncertain), with a tooltip that explains it. */
import { useI18n } from '../../../i18n/i18n';
import { statusWords, type ValueStatus } from './value-status';

/** The mark for `status`; nothing for a good value or none yet. */
export function StatusMark({ status }: { status: ValueStatus }) {
  const { t } = useI18n();
  const words = statusWords(status);
  if (!words) return null;
  return (
    <span className={`status-mark status-${status}`} title={t(words.help)} data-testid="value-status">
      {t(words.word)}
    </span>
  );
}

/** Class names of a value's box: `not-live` for every status but good (dimmed), and `value-<status>` to tell them apart. */
export function statusClasses(status: ValueStatus): string {
  return status === 'good' ? 'value-good' : `not-live value-${status}`;
}
