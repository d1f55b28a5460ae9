/**
 * Route #/gamepad: the gamepad's raw axes and buttons live, the choice of jog axis and dead-man button, inversion,
 * and the stick's deadband with a live test of it. Changes apply at once and are saved here.
 */
import { useSyncExternalStore } from 'react';
import { formatNumber, useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { applyDeadband, AXIS_PROFILES } from './gamepad-shaping';
import { DEFAULT_GAMEPAD_SETTINGS, parseGamepadSettings, SETTING_LIMITS, type GamepadSettings } from './gamepad-settings';
import { useGamepad, useGamepadController } from './input-services';
import { PadLive } from './PadLive';

const listFormats = new Map<string, Intl.ListFormat>();
/** One list format per locale ("a, b and c" / "甲、乙和丙"). */
function listFormat(locale: string): Intl.ListFormat {
  let format = listFormats.get(locale);
  if (!format) listFormats.set(locale, (format = new Intl.ListFormat(locale, { type: 'conjunction' })));
  return format;
}

/** The calibration page. */
export function GamepadCalibration() {
  const { t, locale } = useI18n();
  const controller = useGamepadController();
  const { settings } = useGamepad();
  const pad = useSyncExternalStore(controller.subscribeReading, controller.getReading);
  const change = (patch: Partial<GamepadSettings>) => controller.setSettings(parseGamepadSettings({ ...settings, ...patch }));
  const hasApi = typeof navigator.getGamepads === 'function';
  const raw = pad?.axes[settings.axis] ?? 0;
  const output = applyDeadband(settings.invert ? -raw : raw, settings.deadband);
  const axisCount = Math.max(pad?.axes.length ?? 0, settings.axis + 1, 4);
  const buttonCount = Math.max(pad?.pressed.length ?? 0, settings.deadManButton + 1, 16);
  const typeList = listFormat(locale).format(Object.entries(AXIS_PROFILES).map(([type, p]) => `${t(`input.type.${type}` as MessageKey)} ${formatNumber(p.deadband * 100, 0)} %`));

  return (
    <section className="gamepad-calibration" aria-labelledby="gamepad-title" data-testid="gamepad-calibration">
      <h2 id="gamepad-title">{t('input.cal.title')}</h2>
      <p>{t('input.cal.intro')}</p>
      {!hasApi && <p className="refusal">{t('input.cal.noApi')}</p>}
      {hasApi && !pad && (
        <div className="gamepad-missing" role="status" data-testid="gamepad-missing">
          <strong>{t('input.cal.notConnected')}</strong>
          <p>{t('input.cal.notConnectedHelp')}</p>
        </div>
      )}
      {pad && (
        <p role="status" data-testid="gamepad-name">
          {t('input.cal.connected', { name: pad.id })} — {t(pad.mapping === 'standard' ? 'input.cal.standard' : 'input.cal.nonStandard')}
        </p>
      )}
      <div className="calibration-columns">
        <form className="calibration-settings" onSubmit={(e) => e.preventDefault()}>
          <h3>{t('input.cal.settings')}</h3>
          <label>
            {t('input.cal.jogAxis')}
            <select value={settings.axis} onChange={(e) => change({ axis: Number(e.target.value) })} data-testid="cal-axis">
              {Array.from({ length: axisCount }, (_, n) => (
                <option key={n} value={n}>
                  {t('input.cal.axis', { n })}
                </option>
              ))}
            </select>
          </label>
          <label className="inline">
            <input type="checkbox" checked={settings.invert} onChange={(e) => change({ invert: e.target.checked })} data-testid="cal-invert" />
            {t('input.cal.invert')}
          </label>
          <label>
            {t('input.cal.deadMan')}
            <select value={settings.deadManButton} onChange={(e) => change({ deadManButton: Number(e.target.value) })} data-testid="cal-deadman">
              {Array.from({ length: buttonCount }, (_, n) => (
                <option key={n} value={n}>
                  {t('input.cal.button', { n })}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('input.cal.deadband')}: {t('input.cal.deadbandValue', { value: formatNumber(settings.deadband * 100, 0) })}
            <input
              type="range"
              min={SETTING_LIMITS.deadband[0]}
              max={SETTING_LIMITS.deadband[1]}
              step={0.01}
              value={settings.deadband}
              onChange={(e) => change({ deadband: Number(e.target.value) })}
              data-testid="cal-deadband"
            />
          </label>
          <p className="muted">{t('input.cal.typeDeadband', { list: typeList })}</p>
          <p className="muted">{t('input.cal.saved')}</p>
          <button type="button" onClick={() => controller.setSettings({ ...DEFAULT_GAMEPAD_SETTINGS })}>
            {t('input.cal.reset')}
          </button>
        </form>
        <div className="calibration-live">
          <h3>{t('input.cal.test')}</h3>
          <p className="muted">{t('input.cal.testHelp')}</p>
          {pad && (
            <>
              <p className={output === 0 ? 'deadband-test' : 'deadband-test moving'} data-testid="cal-output">
                <strong>{t('input.cal.output', { value: formatNumber(output * 100, 0) })}</strong> — {t(output === 0 ? 'input.cal.atRest' : 'input.cal.moving')}
              </p>
              <p data-testid="cal-deadman-state">
                {t('input.cal.deadManNow', { state: t(pad?.pressed[settings.deadManButton] ? 'input.cal.pressed' : 'input.cal.released') })}
              </p>
            </>
          )}
          <PadLive pad={pad} settings={settings} />
        </div>
      </div>
    </section>
  );
}
