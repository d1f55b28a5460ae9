/** Header items: the gamepad's state (while one is connected) as a link to its calibration page, and the shortcut help button. */
import { routeHref } from '../app/route';
import { useI18n } from '../i18n/i18n';
import { setHelpOpen, useGamepad } from './input-services';

/** The two header items. */
export function HeaderInputItems() {
  const { t } = useI18n();
  const { status } = useGamepad();
  // Without a pad the badge would only take header room: calibration is then reached from Diagnostics or Alt+Shift+7.
  const state = status.kind === 'no-gamepad' ? undefined : status.kind === 'jogging' ? 'padJogging' : 'padOn';
  return (
    <div className="header-input">
      {state && (
        <a href={routeHref({ page: 'gamepad' })} className={`badge gamepad-${state}`} data-testid="gamepad-badge">
          {t('input.header.gamepad')}: {t(`input.header.${state}`)}
        </a>
      )}
      <button type="button" className="help-button" aria-keyshortcuts="? F1" aria-label={t('input.header.help')} title={t('input.header.help')} onClick={() => setHelpOpen()}>
        ?
      </button>
    </div>
  );
}
