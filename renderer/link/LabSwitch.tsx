/** The link lab's profile switch (demo runs only, shown when the engine reports a lab); switching needs an administrator. */
import { useState } from 'react';
import { roleAtLeast } from '../../shared/contract/access';
import { useI18n } from '../i18n/i18n';
import { hasMessage } from '../i18n/messages';
import { useControlServices, useLogin } from '../stores/control-hooks';
import { useServices } from '../stores/hooks';
import type { LabInfo } from './link-store';

type Result = { ok: true; profile: string; proxies: number } | { ok: false; text: string };

/** Select + switch button, the current profile, and the outcome of the last switch. */
export function LabSwitch({ lab }: { lab: LabInfo }) {
  const services = useServices();
  const { login } = useControlServices();
  const { principal } = useLogin();
  const { t } = useI18n();
  const [choice, setChoice] = useState(lab.profile ?? lab.profiles[0] ?? '');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | undefined>();
  const admin = roleAtLeast(principal?.role, 'admin');
  const label = (name: string) => {
    const key = `linkui.profile.${name}`;
    return hasMessage(key) ? t(key) : name;
  };
  const apply = async () => {
    const client = services.client;
    if (!client) return;
    setBusy(true);
    try {
      const reply = await client.request('link.profile', { profile: choice });
      setResult({ ok: true, ...reply });
    } catch (error) {
      setResult({ ok: false, text: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="lab-switch" data-testid="lab-switch" aria-labelledby="lab-title">
      <h3 id="lab-title">{t('linkui.lab.title')}</h3>
      <p className="muted">{t('linkui.lab.intro')}</p>
      <p>
        {t('linkui.lab.current')}: <strong data-testid="lab-profile">{lab.profile ? label(lab.profile) : '—'}</strong>
      </p>
      <div className="lab-controls">
        <label>
          {t('linkui.lab.choose')}{' '}
          <select value={choice} onChange={(e) => setChoice(e.target.value)} disabled={!admin || busy} data-testid="lab-choice">
            {lab.profiles.map((name) => (
              <option key={name} value={name}>
                {label(name)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void apply()} disabled={!admin || busy || !choice} data-testid="lab-apply">
          {busy ? t('linkui.lab.busy') : t('linkui.lab.apply')}
        </button>
      </div>
      {!admin && (
        <p className="control-reason" data-testid="lab-reason">
          {t('linkui.lab.needAdmin')}{' '}
          <button type="button" onClick={() => login.openPrompt({ needs: 'admin', why: 'linkui.lab.needAdmin' })}>
            {t('linkui.lab.login')}
          </button>
        </p>
      )}
      {result?.ok && <p className="control-ok" data-testid="lab-result">{t('linkui.lab.switched', { profile: result.profile, n: result.proxies })}</p>}
      {result && !result.ok && <p className="refusal" data-testid="lab-result">{t('linkui.lab.failed', { text: result.text })}</p>}
    </section>
  );
}
