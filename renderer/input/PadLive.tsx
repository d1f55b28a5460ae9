/** The calibration screen's live view: every axis as a centred bar with its raw value, every button's state. */
import { formatNumber, useI18n } from '../i18n/i18n';
import type { PadSnapshot } from './gamepad-reading';
import type { GamepadSettings } from './gamepad-settings';

/** Raw axes and buttons of `pad`; the ones in use are marked. */
export function PadLive({ pad, settings }: { pad: PadSnapshot | undefined; settings: GamepadSettings }) {
  const { t } = useI18n();
  if (!pad) return null;
  return (
    <>
      <h3>{t('input.cal.axes')}</h3>
      <table className="pad-axes" data-testid="pad-axes">
        <tbody>
          {pad.axes.map((value, n) => (
            <tr key={n} className={n === settings.axis ? 'in-use' : undefined}>
              <th scope="row">{t('input.cal.axis', { n })}</th>
              <td className="axis-bar" aria-hidden="true">
                <span className="axis-fill" style={value >= 0 ? { left: '50%', width: `${Math.min(value, 1) * 50}%` } : { right: '50%', width: `${Math.min(-value, 1) * 50}%` }} />
              </td>
              <td className="num">{formatNumber(value, 3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('input.cal.buttons')}</h3>
      <ul className="pad-buttons" data-testid="pad-buttons">
        {pad.pressed.map((pressed, n) => (
          <li key={n} className={[pressed ? 'pressed' : '', n === settings.deadManButton ? 'in-use' : ''].join(' ').trim() || undefined}>
            {t('input.cal.button', { n })}: {t(pressed ? 'input.cal.pressed' : 'input.cal.released')}
          </li>
        ))}
      </ul>
    </>
  );
}
