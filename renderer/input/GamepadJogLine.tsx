/**
 * In an equipment's jog section: which jog the stick drives (the operator's choice, remembered per equipment), the
 * gamepad's state and why it stopped. While shown and allowed to jog, it hands the controller its target; leaving the
 * panel or losing control takes the target away (a held jog stops).
 */
import { useEffect, useMemo, useState } from 'react';
import { formatNumber, useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import type { GamepadStatus } from './gamepad-decision';
import { profileFor } from './gamepad-shaping';
import { useGamepad, useGamepadController } from './input-services';
import { loadStickChoices, saveStickChoice, stickJog } from './stick-binding';

/** A jog the stick can drive (the panel's jog axes). */
export interface StickAxis {
  command: string;
  label: string;
  unit: string;
  maxSpeed: number;
}

/**
 * The gamepad line of one equipment's jog section. `speedFraction`: the panel's jog speed choice; the stick's full
 * deflection is that share of full speed, as a held button is (the engine's link limit still caps it).
 */
export function GamepadJogLine({ equipmentId, type, axes, blocked, speedFraction }: { equipmentId: string; type: string; axes: readonly StickAxis[]; blocked: boolean; speedFraction: number }) {
  const { t } = useI18n();
  const controller = useGamepadController();
  const { status, settings } = useGamepad();
  const [saved, setSaved] = useState(() => loadStickChoices()[equipmentId]);
  const command = stickJog(
    type,
    axes.map((a) => a.command),
    saved,
  );
  const axis = axes.find((a) => a.command === command);
  const profile = useMemo(() => profileFor(type), [type]);

  useEffect(() => {
    controller.setTarget(axis && !blocked ? { equipmentId, command: axis.command, fullSpeed: axis.maxSpeed * speedFraction, profile } : undefined);
  }, [controller, equipmentId, axis, blocked, profile, speedFraction]);
  useEffect(() => () => controller.setTarget(undefined), [controller]);

  if (!axis) return null;
  const choose = (next: string) => {
    saveStickChoice(equipmentId, next);
    setSaved(next);
  };
  const text = (s: GamepadStatus): string => {
    if (s.kind === 'no-gamepad') return t('input.pad.none');
    if (s.kind === 'latched') return t('input.pad.latched', { reason: t(`input.pad.reason.${s.reason}` as MessageKey) });
    if (blocked) return t('input.pad.blocked');
    if (s.kind === 'jogging' && s.stillStopInS !== undefined) return t('input.pad.stillWarning', { axis: axis.label, s: s.stillStopInS });
    if (s.kind === 'jogging') return t('input.pad.jogging', { axis: axis.label, speed: formatNumber(s.speed, 2), unit: axis.unit });
    if (s.kind === 'centre') return t('input.pad.centre');
    if (s.kind === 'ready') return t('input.pad.ready', { axis: axis.label });
    return t('input.pad.idle', { button: settings.deadManButton, axis: axis.label });
  };
  return (
    <div className="gamepad-line" data-testid="gamepad-line">
      <label>
        {t('input.pad.heading')} · {t('input.pad.drives')}{' '}
        <select value={axis.command} onChange={(e) => choose(e.target.value)} data-testid="gamepad-drives">
          {axes.map((a) => (
            <option key={a.command} value={a.command}>
              {a.label}
            </option>
          ))}
        </select>
      </label>
      <p className={`gamepad-status ${status.kind === 'latched' || (status.kind === 'jogging' && status.stillStopInS !== undefined) ? 'refusal' : status.kind}`} data-testid="gamepad-status" role="status">
        {text(status)}
      </p>
    </div>
  );
}
