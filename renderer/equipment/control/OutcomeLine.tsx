/** The outcome of the last command, in place next to its control: a refusal's text verbatim, a success briefly. */
import type { CommandOutcome } from '../../../shared/contract/outcome';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { useRefusalText } from '../refusal-context';
import type { Blocked } from './access';

/** One line for an outcome, or for why the control is disabled. */
export function OutcomeLine({ outcome, blocked, testId }: { outcome?: CommandOutcome | undefined; blocked?: Blocked | undefined; testId?: string }) {
  const { t } = useI18n();
  const refusal = useRefusalText();
  if (blocked) {
    const params = { ...blocked.params };
    if (params.role) params.role = t(`role.${params.role}` as MessageKey);
    return (
      <p className="control-reason" data-testid={testId}>
        {t(blocked.key, params)}
      </p>
    );
  }
  if (!outcome) return null;
  const text =
    outcome.status === 'ok'
      ? t('control.outcomeOk', { ms: Math.round(outcome.latencyMs) })
      : outcome.status === 'refused'
        ? t('control.outcomeRefused', { text: refusal(outcome.code, outcome.text, outcome.values) })
        : outcome.status === 'device-rejected'
          ? t('control.outcomeDevice', { text: outcome.text })
          : outcome.status === 'verify-mismatch'
            ? t('control.outcomeMismatch', { text: outcome.text })
            : t('control.outcomeTimeout', { text: outcome.text });
  // The device acted but the audit log could not record it: never shown as a plain success.
  const unaudited = 'unaudited' in outcome && outcome.unaudited === true;
  return (
    <p className={outcome.status === 'ok' && !unaudited ? 'control-ok' : 'refusal'} role={outcome.status === 'ok' && !unaudited ? 'status' : 'alert'} data-testid={testId}>
      {text}
      {unaudited && ` ${t('control.outcomeUnaudited')}`}
    </p>
  );
}
