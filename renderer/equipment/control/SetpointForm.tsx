/**
 * A setpoint: a number checked against the tag's range before it is sent (the engine checks again), then set or armed.
 * A tag whose values the site names (a mode) is chosen by name from a list, never typed as a number.
 */
import { useId, useState, type FormEvent } from 'react';
import type { LabelSummary } from '../../../shared/contract/requests/core';
import { formatNumber, useI18n } from '../../i18n/i18n';
import { siteLabel } from '../labels';
import { useControl } from '../../stores/control-hooks';
import type { Blocked } from './access';
import { useArmCountdown } from './arm-countdown';
import { decimalsOf } from './setpoint-check';
import { OutcomeLine } from './OutcomeLine';
import { checkSetpoint } from './setpoint-check';
import { useCommand, type CommandInfo } from './use-command';

/** One setpoint row with its outcome in place. */
export function SetpointForm(props: { equipmentId: string; command: CommandInfo; label: string; unit: string; range: readonly [number, number] | undefined; states?: Record<string, LabelSummary> | undefined; blocked: Blocked | undefined }) {
  const { equipmentId, command, label, unit, range, states, blocked } = props;
  const { t, locale } = useI18n();
  const { outcomes } = useControl();
  const { armed, busy, start, confirm, cancel, clearOutcome } = useCommand(equipmentId, command);
  const [text, setText] = useState('');
  const inputId = useId();
  const secondsLeft = useArmCountdown(armed, blocked, cancel);
  const checked = checkSetpoint(text, range);
  const named = states ? Object.entries(states).filter(([raw]) => !range || (Number(raw) >= range[0] && Number(raw) <= range[1])) : undefined;
  const shown = named ? siteLabel(states?.[text], text, locale) : `${text} ${unit}`;
  // The limits as the check uses them: 0.5 to 2.5 bar, never rounded to "1 to 3".
  const [min, max] = range ? [formatNumber(range[0], decimalsOf(range[0]), locale), formatNumber(range[1], decimalsOf(range[1]), locale)] : ['', ''];
  const rangeText = named ? '' : range ? t('control.setpointRange', { min, max, unit }) : '';
  const problem = text === '' || !('problem' in checked) ? '' : checked.problem === 'number' ? t('control.setpointNumber') : t('control.setpointOutOfRange', { min, max, unit });

  // A new value: a refusal of the last one (12.34: not a step) no longer describes what is in the field. What the device
  // may have done (a timeout, a read-back that differs) stays, and so does all while a request is out.
  const edit = (value: string) => {
    setText(value);
    if (!busy && outcomes.get(`${equipmentId}/${command.name}`)?.status === 'refused') clearOutcome();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if ('value' in checked) void start(checked.value);
  };

  return (
    <form className="setpoint" onSubmit={submit} data-testid={`setpoint-${command.name}`}>
      <label htmlFor={inputId}>{label}</label>
      {named ? (
        <select id={inputId} value={text} onChange={(e) => edit(e.target.value)} disabled={blocked !== undefined || armed !== null} data-testid={`choice-${command.name}`}>
          <option value="">{t('panel.choose')}</option>
          {named.map(([raw, name]) => (
            <option key={raw} value={raw}>
              {siteLabel(name, raw, locale)}
            </option>
          ))}
        </select>
      ) : (
        <input id={inputId} inputMode="decimal" value={text} onChange={(e) => edit(e.target.value)} disabled={blocked !== undefined || armed !== null} aria-invalid={problem !== ''} aria-describedby={`${inputId}-hint`} />
      )}
      <span className="unit">{named ? '' : unit}</span>
      {armed ? (
        <>
          <button type="button" className="primary" autoFocus onClick={() => void confirm()}>
            {t('control.confirm', { name: `${label} = ${shown}` })}
          </button>
          <button type="button" onClick={cancel}>
            {t('control.cancel')}
          </button>
          <span className="armed-note">{t('control.armed', { s: secondsLeft })}</span>
        </>
      ) : (
        <button type="submit" disabled={blocked !== undefined || busy || !('value' in checked)}>
          {t('control.setpointSet')}
        </button>
      )}
      <span id={`${inputId}-hint`} className={problem ? 'refusal' : 'muted'}>
        {problem || rangeText}
      </span>
      <OutcomeLine outcome={outcomes.get(`${equipmentId}/${command.name}`)} blocked={blocked?.key === 'control.reasonNeedsRole' ? blocked : undefined} testId={`outcome-${command.name}`} />
    </form>
  );
}
