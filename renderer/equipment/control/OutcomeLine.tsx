/** The outcome of the last command, in place next to its control: a refusal's text verbatim, a success briefly. */
import type { CommandOutcome } from '../../../shared/contract/outcome';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { useRefusalText } from '../refusal-context';
import type { Blocked } from './access';
import { outcomeText } from './outcome-text';

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
  const { text, ok } = outcomeText(outcome, t, refusal);
  return (
    <p className={ok ? 'control-ok' : 'refusal'} role={ok ? 'status' : 'alert'} data-testid={testId}>
      {text}
    </p>
  );
}
