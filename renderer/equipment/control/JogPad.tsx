/**
 * Hold-to-run jog buttons: the axis moves only while a button is held — pointer down until up or leave, or Space /
 * Enter held on a focused button until key up; focus loss, window blur and a hidden page release too (JogStore).
 * Shows the engine's current, link-adaptive speed limit from the last `jog.hold` reply.
 */
import { useEffect, type KeyboardEvent } from 'react';
import { formatNumber, useI18n } from '../../i18n/i18n';
import { useControlServices, useJog } from '../../stores/control-hooks';
import { useRefusalText } from '../refusal-context';
import type { Blocked } from './access';
import { jogEndText } from './outcome-text';

/** A jog command with what the panel needs to draw it. */
export interface JogAxis {
  command: string;
  label: string;
  unit: string;
  /** Full speed (engineering units) the tag's range allows. */
  maxSpeed: number;
}

const SPEED_STEPS = [0.1, 0.25, 0.5, 1] as const;
/** The jog speed a panel opens with: a quarter of full speed. */
export const DEFAULT_JOG_FRACTION = 0.25;
const HOLD_KEYS = new Set([' ', 'Enter']);

/** One direction of one axis. */
function JogButton({ equipmentId, axis, sign, fraction, disabled }: { equipmentId: string; axis: JogAxis; sign: 1 | -1; fraction: number; disabled: boolean }) {
  const { t } = useI18n();
  const { jog } = useControlServices();
  const { active, speed } = useJog();
  const key = `${equipmentId}/${axis.command}`;
  const held = active === key && Math.sign(speed) === sign;
  const press = () => jog.hold(equipmentId, axis.command, sign * fraction * axis.maxSpeed);
  // Only this button's own jog: focus leaving the other direction's button must not end a press just made here.
  const letGo = () => {
    const now = jog.getSnapshot();
    if (now.active === key && Math.sign(now.speed) === sign) jog.release();
  };
  // A button disabled under a held pointer gets no pointerup (nor blur) from the browser: let go here instead, or the
  // holds would go on after the operator released.
  useEffect(() => {
    if (disabled && held) jog.release();
  }, [disabled, held, jog]);
  // A button that leaves the page under a held key or pointer (another page opened by a shortcut) hears no key up nor
  // pointer up any more: let go as it goes, or the holds would go on with nothing held.
  useEffect(
    () => () => {
      const now = jog.getSnapshot();
      if (now.active === key && Math.sign(now.speed) === sign) jog.release();
    },
    [jog, key, sign],
  );
  const onKeyDown = (event: KeyboardEvent) => {
    if (!HOLD_KEYS.has(event.key)) return;
    event.preventDefault(); // no click from Space/Enter: holding is the action
    if (!event.repeat) press();
  };
  const onKeyUp = (event: KeyboardEvent) => {
    if (HOLD_KEYS.has(event.key)) letGo();
  };
  return (
    <button
      type="button"
      className={held ? 'jog-button held' : 'jog-button'}
      disabled={disabled}
      aria-pressed={held}
      data-testid={`jog-${axis.command}-${sign > 0 ? 'plus' : 'minus'}`}
      onPointerDown={(e) => e.button === 0 && press()}
      onPointerUp={letGo}
      onPointerLeave={letGo}
      onPointerCancel={letGo}
      onBlur={letGo}
      onKeyDown={onKeyDown}
      onKeyUp={onKeyUp}
      onContextMenu={(e) => e.preventDefault()}
    >
      {t(sign > 0 ? 'control.jogPlus' : 'control.jogMinus', { name: axis.label })}
    </button>
  );
}

/**
 * The jog section: speed choice (`fraction` of full speed, kept by the panel: the gamepad's stick follows it too), one
 * +/− pair per axis, the current limit, and why a jog ended.
 */
export function JogPad({ equipmentId, axes, blocked, fraction, onFraction }: { equipmentId: string; axes: JogAxis[]; blocked: Blocked | undefined; fraction: number; onFraction: (fraction: number) => void }) {
  const { t } = useI18n();
  if (axes.length === 0) return null;
  return (
    <div className="jog-pad">
      <h4>{t('control.jog')}</h4>
      <fieldset className="jog-speed" disabled={blocked !== undefined}>
        <legend>{t('control.jogSpeed')}</legend>
        {SPEED_STEPS.map((step) => (
          <label key={step}>
            <input type="radio" name={`jog-speed-${equipmentId}`} checked={fraction === step} onChange={() => onFraction(step)} />
            {formatNumber(step * 100, 0)} %
          </label>
        ))}
      </fieldset>
      <p className="muted">{t('control.jogHint')}</p>
      {axes.map((axis) => (
        <div key={axis.command} className="jog-axis" data-testid={`jog-axis-${axis.command}`}>
          <span className="jog-label">{axis.label}</span>
          <JogButton equipmentId={equipmentId} axis={axis} sign={-1} fraction={fraction} disabled={blocked !== undefined} />
          <JogButton equipmentId={equipmentId} axis={axis} sign={1} fraction={fraction} disabled={blocked !== undefined} />
        </div>
      ))}
      <JogStatus equipmentId={equipmentId} axes={axes} showEnded={blocked === undefined} />
    </div>
  );
}

/**
 * One fixed slot under every jog row: the jog held now and its limit, else why the last one ended. A line under the
 * row it concerns would move the rows below it, under the pointer of an operator reaching for the next axis.
 */
function JogStatus({ equipmentId, axes, showEnded }: { equipmentId: string; axes: JogAxis[]; showEnded: boolean }) {
  const { t } = useI18n();
  const { limits, ended, active } = useJog();
  const refusal = useRefusalText();
  const activeAxis = axes.find((axis) => active === `${equipmentId}/${axis.command}`);
  // The last jog of this equipment to end (the store appends each end after the hold that cleared it).
  const lastEnded = showEnded ? [...ended.entries()].filter(([key]) => axes.some((a) => key === `${equipmentId}/${a.command}`)).at(-1) : undefined;
  const endedAxis = lastEnded && axes.find((a) => lastEnded[0] === `${equipmentId}/${a.command}`);
  const limit = activeAxis ? limits.get(`${equipmentId}/${activeAxis.command}`) : undefined;
  const endedText = lastEnded ? jogEndText(lastEnded[1], t, refusal) : '';
  return (
    <div className="jog-status" data-testid="jog-status">
      {activeAxis ? (
        // Only while held: a limit from an earlier jog may no longer hold on today's link.
        <span className="jog-limit" data-testid={`jog-limit-${activeAxis.command}`}>
          <strong className="jog-active">
            {activeAxis.label}: {t('control.jogActive')} ·{' '}
          </strong>
          {limit ? t('control.jogLimit', { limit: formatNumber(limit.limit, 2), applied: formatNumber(limit.applied, 2), unit: activeAxis.unit }) : t('control.sending')}
        </span>
      ) : (
        endedAxis && (
          <p className="refusal" role="alert" title={endedText}>
            {endedAxis.label}: <span data-testid={`jog-ended-${endedAxis.command}`}>{endedText}</span>
          </p>
        )
      )}
    </div>
  );
}
