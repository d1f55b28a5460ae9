/** Who is logged in, always in the header, with log in / log out; and the notice after the engine locked the session. */
import { useI18n } from '../i18n/i18n';
import { useControlServices, useLogin } from '../stores/control-hooks';
import { useSession } from '../stores/hooks';

/** Header badge: "operator · operator" + Log out, or "Not logged in — read only" + Log in. */
export function UserBadge() {
  const { login } = useControlServices();
  const { principal } = useLogin();
  const { t } = useI18n();
  const engineLive = useSession().engine === 'connected';
  return (
    <section className="user" aria-label={t('user.area')} data-testid="user-badge">
      {principal ? (
        <>
          {/* Two lines at most, cut with an ellipsis where the header is short (whole in its title). */}
          <span className="user-name" title={`${principal.user} · ${t(`role.${principal.role}`)}`}>
            {principal.user} · {t(`role.${principal.role}`)}
          </span>
          <button type="button" onClick={() => void login.logout()}>
            {t('user.logout')}
          </button>
        </>
      ) : (
        <>
          <span className="user-none">{t('user.none')}</span>
          {/* A login is the engine's to check: without it the button waits (its title says why). */}
          <button type="button" onClick={() => login.openPrompt()} disabled={!engineLive} title={engineLive ? undefined : t('user.loginNoEngine')}>
            {t('user.login')}
          </button>
        </>
      )}
    </section>
  );
}

/** Shown after the engine locked the session for inactivity, until the next login or dismissal. */
export function LockedNotice() {
  const { login } = useControlServices();
  const { locked, principal } = useLogin();
  const { t } = useI18n();
  if (!locked || principal) return null;
  return (
    <div role="alert" className="locked-notice" data-testid="locked-notice">
      <span>{t('locked.text')}</span>
      <button type="button" onClick={() => login.openPrompt()}>
        {t('locked.login')}
      </button>
      <button type="button" onClick={() => login.dismissLocked()}>
        {t('locked.dismiss')}
      </button>
    </div>
  );
}
