/** A pulse or method command: one button, or Arm → Confirm/Cancel with a countdown where the site marks `confirm`. */
import { useI18n } from '../../i18n/i18n';
import { useControl } from '../../stores/control-hooks';
import type { Blocked } from './access';
import { useArmCountdown } from './arm-countdown';
import { OutcomeLine } from './OutcomeLine';
import { useCommand, type CommandInfo } from './use-command';

/** One command control with its outcome in place. */
export function CommandButton({ equipmentId, command, label, blocked }: { equipmentId: string; command: CommandInfo; label: string; blocked: Blocked | undefined }) {
  const { t } = useI18n();
  const { outcomes } = useControl();
  const { armed, busy, start, confirm, cancel } = useCommand(equipmentId, command);
  const secondsLeft = useArmCountdown(armed, blocked, cancel);

  return (
    <div className="command" data-testid={`command-${command.name}`}>
      {armed ? (
        <div className="armed" role="group" aria-label={t('control.armed', { s: secondsLeft })}>
          <button type="button" className="primary" autoFocus onClick={() => void confirm()}>
            {t('control.confirm', { name: label })}
          </button>
          <button type="button" onClick={cancel}>
            {t('control.cancel')}
          </button>
          <span className="armed-note">{t('control.armed', { s: secondsLeft })}</span>
        </div>
      ) : (
        <button type="button" disabled={blocked !== undefined || busy} onClick={() => void start()}>
          {command.confirm ? t('control.arm', { name: label }) : label}
        </button>
      )}
      <OutcomeLine outcome={outcomes.get(`${equipmentId}/${command.name}`)} blocked={blocked?.key === 'control.reasonNeedsRole' ? blocked : undefined} testId={`outcome-${command.name}`} />
    </div>
  );
}
