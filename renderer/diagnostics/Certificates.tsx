/**
 * The OPC UA trust workflow: servers whose certificate was rejected appear here with subject, thumbprint and
 * validity; trusting one moves it to the trusted list and retries the connections that failed on it. Trust changes
 * need an administrator: without one logged in, the action opens the login dialog and goes ahead after the login.
 */
import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import type { CertificateInfo } from '../../shared/contract/requests/opcua';
import { roleAtLeast } from '../../shared/contract/access';
import { ContractError } from '../../shared/contract/errors';
import { useI18n } from '../i18n/i18n';
import { useControlServices } from '../stores/control-hooks';
import { useServices, useSession } from '../stores/hooks';

type Certificate = z.infer<typeof CertificateInfo>;

/** Certificate lists with trust / untrust actions. */
export function Certificates() {
  const { client } = useServices();
  const session = useSession();
  const { login } = useControlServices();
  const { t } = useI18n();
  const [lists, setLists] = useState<{ trusted: Certificate[]; rejected: Certificate[] }>({ trusted: [], rejected: [] });
  const [error, setError] = useState('');

  const refresh = useCallback(() => {
    client?.request('certs.list', {}).then(setLists, (e: Error) => setError(e.message));
  }, [client]);
  // Re-read when a connection changes state (a rejection adds a certificate to the list).
  useEffect(refresh, [refresh, session.connections]);

  const act = async (action: 'certs.trust' | 'certs.untrust', thumbprint: string): Promise<void> => {
    const retryAfterLogin = () => login.openPrompt({ needs: 'admin', why: 'login.whyTrust', onSuccess: () => void act(action, thumbprint) });
    // Read the principal now, not from the render: this also runs right after a login.
    if (!roleAtLeast(login.getSnapshot().principal?.role, 'admin')) return retryAfterLogin();
    try {
      await client?.request(action, { thumbprint });
      if (action === 'certs.trust') {
        const failed = [...session.connections.values()].filter((c) => c.reason?.code === 'untrusted-certificate');
        await Promise.all(failed.map((c) => client?.request('connections.retry', { connectionId: c.connectionId })));
      }
      setError('');
      refresh();
    } catch (e) {
      if (e instanceof ContractError && e.code === 'forbidden') return retryAfterLogin(); // the login lapsed meanwhile
      setError((e as Error).message);
    }
  };

  const table = (list: Certificate[], action: 'certs.trust' | 'certs.untrust', label: string, testId: string) => (
    <table className="certs" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{t('certs.subject')}</th>
          <th scope="col">{t('certs.thumbprint')}</th>
          <th scope="col">{t('certs.validity')}</th>
          <th scope="col" />
        </tr>
      </thead>
      <tbody>
        {list.map((cert) => (
          <tr key={cert.thumbprint} className={cert.expired ? 'value-stale' : ''}>
            <td>{cert.subject}</td>
            <td className="mono">{cert.thumbprint}</td>
            <td>
              {cert.validFrom.slice(0, 10)} – {cert.validTo.slice(0, 10)} {cert.expired && <strong>{t('certs.expired')}</strong>}
            </td>
            <td>
              <button type="button" onClick={() => void act(action, cert.thumbprint)}>
                {label}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );

  return (
    <section aria-labelledby="certs-heading">
      <h3 id="certs-heading">{t('certs.heading')}</h3>
      {error && <p role="alert">{error}</p>}
      <h4>{t('certs.rejected')}</h4>
      {lists.rejected.length === 0 ? <p className="muted">{t('certs.none')}</p> : table(lists.rejected, 'certs.trust', t('certs.trust'), 'certs-rejected')}
      <h4>{t('certs.trusted')}</h4>
      {lists.trusted.length === 0 ? <p className="muted">{t('certs.none')}</p> : table(lists.trusted, 'certs.untrust', t('certs.untrust'), 'certs-trusted')}
    </section>
  );
}
