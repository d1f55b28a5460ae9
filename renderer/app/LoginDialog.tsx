/** The login dialog (user + PIN), opened from the header, the lock notice, or an action that needs a login. */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n';
import { hasMessage, type MessageKey } from '../i18n/messages';
import { useControlServices, useLogin } from '../stores/control-hooks';
import type { LoginError } from '../stores/login-store';
import { keepTabInside } from './keep-tab-inside';

/** Login form over a dimmed page (the header's stop stays in reach); Escape or Cancel closes it. */
export function LoginDialog() {
  const { login } = useControlServices();
  const { prompt, locked } = useLogin();
  const { t } = useI18n();
  const [user, setUser] = useState('');
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<LoginError | undefined>();
  const userField = useRef<HTMLInputElement>(null);
  const pinField = useRef<HTMLInputElement>(null);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (!prompt) return;
    // A shared console: after a logout the next person types their own name (no one else's pre-filled); after an
    // inactivity lock the same person usually returns, so their name stays.
    if (!locked) setUser('');
    setPin('');
    setError(undefined);
    userField.current?.focus();
  }, [prompt, locked]);

  // Escape closes from anywhere while open (focus may be on the page after a refused attempt); Tab stays inside.
  useEffect(() => {
    if (!prompt) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') login.closePrompt();
      keepTabInside(event, form.current);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [prompt, login]);

  if (!prompt) return null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await login.login(user.trim(), pin);
    setBusy(false);
    setPin(''); // never keep a PIN around longer than the request
    setError(result);
    if (result) pinField.current?.focus(); // straight back to the PIN for the next try
  };

  const errorText = (e: LoginError): string => {
    if (e.code === 'throttled') return t('login.error.throttled', { s: Math.ceil((e.waitMs ?? 1000) / 1000) });
    if (e.code === 'role-too-low') return t('login.error.role-too-low', { role: t(`role.${e.message}` as MessageKey), needs: t(`role.${prompt.needs ?? 'operator'}`) });
    const key = `login.error.${e.code}`;
    return hasMessage(key) ? t(key) : t('login.error.other', { message: e.message });
  };

  return (
    <div className="modal-backdrop">
      {/* No aria-modal: the header's stop above the backdrop stays usable, so the rest is not inert (ShelveDialog too). */}
      <form ref={form} className="modal" role="dialog" aria-labelledby="login-title" onSubmit={(e) => void submit(e)} data-testid="login-dialog">
        <h2 id="login-title">{t('login.title')}</h2>
        {prompt.why && hasMessage(prompt.why) && <p className="modal-why">{t(prompt.why)}</p>}
        <label>
          {t('login.user')}
          <input ref={userField} name="user" autoComplete="username" value={user} onChange={(e) => setUser(e.target.value)} required />
        </label>
        <label>
          {t('login.pin')}
          <input ref={pinField} name="pin" type="password" inputMode="numeric" autoComplete="current-password" value={pin} onChange={(e) => setPin(e.target.value)} required />
        </label>
        {error && (
          <p role="alert" className="refusal">
            {errorText(error)}
          </p>
        )}
        <div className="modal-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('login.busy') : t('login.submit')}
          </button>
          <button type="button" onClick={() => login.closePrompt()}>
            {t('login.cancel')}
          </button>
        </div>
      </form>
    </div>
  );
}
