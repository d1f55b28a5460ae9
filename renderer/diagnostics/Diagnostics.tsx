/** Level 3: connection states with reasons, a retry, telemetry counters, and whether history and polling keep up. */
import { useState } from 'react';
import { useNow } from '../app/use-now';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { ContractError } from '../../shared/contract/errors';
import { useControlServices } from '../stores/control-hooks';
import { useServices, useSession } from '../stores/hooks';
import { Certificates } from './Certificates';
import { EngineFigures } from './EngineFigures';
import { retryNotice, showsNotice, type RetryNotice } from './retry-notice';
import { connectionReasonText } from '../link/quality-text';

/** The diagnostics page. */
export function Diagnostics() {
  const session = useSession();
  const { client, telemetry } = useServices();
  const { t } = useI18n();
  const { login } = useControlServices();
  const now = useNow(); // the telemetry counters below are read, not subscribed: refresh them every second
  const [notices, setNotices] = useState<ReadonlyMap<string, RetryNotice>>(new Map());
  // A reconnect touches an equipment link: it needs a login (viewer at least), asked for here and then retried.
  const retry = async (connectionId: string): Promise<void> => {
    try {
      const reply = await client?.request('connections.retry', { connectionId });
      const notice = reply ? retryNotice(reply) : undefined;
      setNotices((before) => {
        const next = new Map(before);
        if (notice) next.set(connectionId, { key: notice, at: Date.now() });
        else next.delete(connectionId);
        return next;
      });
    } catch (error) {
      if (error instanceof ContractError && error.code === 'forbidden') login.openPrompt({ needs: 'viewer', why: 'login.whyRetry', onSuccess: () => void retry(connectionId) });
    }
  };
  return (
    <section aria-labelledby="diagnostics-heading">
      <h2 id="diagnostics-heading">{t('diagnostics.heading')}</h2>
      <p>
        <a href="#/gamepad" data-testid="diag-gamepad-link">
          {t('diagnostics.gamepad')}
        </a>
      </p>
      <h3>{t('diagnostics.connections')}</h3>
      <table className="connections">
        <thead>
          <tr>
            <th scope="col">{t('diagnostics.connection')}</th>
            <th scope="col">{t('diagnostics.protocol')}</th>
            <th scope="col">{t('diagnostics.state')}</th>
            <th scope="col">{t('diagnostics.reason')}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {[...session.connections.values()].map((status) => (
            <tr key={status.connectionId} data-testid={`diag-${status.connectionId}`}>
              <th scope="row">{status.connectionId}</th>
              <td>{status.protocol}</td>
              <td>
                <span className={`badge state-${status.state}`}>{t(`state.${status.state}` as MessageKey)}</span>
              </td>
              <td>{status.reason ? connectionReasonText(t, status.reason) : ''}</td>
              <td>
                {(status.state === 'failed' || status.state === 'backoff') && (
                  <button type="button" onClick={() => void retry(status.connectionId)}>
                    {t('diagnostics.retry')}
                  </button>
                )}
                {showsNotice(notices.get(status.connectionId), now) && (
                  <span className="muted retry-notice" role="status" data-testid={`diag-retry-notice-${status.connectionId}`}>
                    {' '}
                    {t(notices.get(status.connectionId)?.key as MessageKey)}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Certificates />
      <h3>{t('diagnostics.telemetry')}</h3>
      <dl className="stats">
        <dt>{t('diagnostics.frames')}</dt>
        <dd>{telemetry.stats.frames}</dd>
        <dt>{t('diagnostics.dropped')}</dt>
        <dd data-testid="diag-dropped">{telemetry.stats.dropped}</dd>
      </dl>
      <p className="muted diag-help" data-testid="diag-dropped-help">
        {t('diagnostics.droppedHelp')}
      </p>
      <EngineFigures />
    </section>
  );
}
