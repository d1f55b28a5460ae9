/**
 * The supplementary stop, on every screen: sends `stop` to the equipment in view, or to every equipment from the
 * other screens (one request each), and shows what each device confirmed. It is not the machine's emergency stop,
 * and says so. Shortcut: Ctrl+. (or the Pause key), from anywhere.
 */
import { useCallback, useEffect, useState } from 'react';
import { ContractError } from '../../shared/contract/errors';
import { translate, useI18n } from '../i18n/i18n';
import { stopText, type StopAnswer } from '../equipment/control/outcome-text';
import { siteLabel } from '../equipment/labels';
import { stopKeyAction } from '../input/shortcuts';
import { useControlServices } from '../stores/control-hooks';
import { useServices, useSession } from '../stores/hooks';
import type { Route } from './route';
import { StopNotice } from './stop-notice';

/** One equipment's answer to the stop. */
type StopResult = StopAnswer & { id: string };

/** A stop the device confirmed and the audit log recorded (the notice then closes by itself; anything else stays). */
const stoppedAndRecorded = (r: StopResult, t: typeof translate) => stopText(r, t).ok;

/** How long the result stays up when nothing went wrong (a failure stays until closed). */
const OK_NOTICE_MS = 8000;

/** The stop button with its caption and result notice. */
export function StopButton({ route }: { route: Route }) {
  const { t, locale } = useI18n();
  const services = useServices(); // the client is read when used: it changes on every engine reconnect
  const { jog, login } = useControlServices();
  const session = useSession();
  const [results, setResults] = useState<StopResult[] | 'sending' | null>(null);
  // Answers per equipment across presses: a late answer never replaces a newer one's, nor is lost (stop-notice.ts).
  const [notice] = useState(() => new StopNotice<StopResult>(setResults, (r) => stoppedAndRecorded(r, translate), OK_NOTICE_MS));

  const inView = route.page === 'equipment' && route.id ? session.equipment.filter((e) => e.id === route.id) : session.equipment;
  const targets = inView.length > 0 ? inView : session.equipment;

  const send = useCallback(async () => {
    jog.release(); // this window's own motion stops first, without waiting for the engine
    const press = notice.press();
    const done = await Promise.all(
      targets.map(async (e): Promise<StopResult> => {
        const name = siteLabel(e.label, e.name, locale);
        try {
          const client = services.client;
          if (!client) throw new ContractError('closed', t('engine.error', { message: t('link.lost') }));
          const { outcome, attempts } = await client.request('stop', { equipmentId: e.id });
          return { id: e.id, name, outcome, attempts };
        } catch (error) {
          return { id: e.id, name, error: error instanceof ContractError ? error : new ContractError('internal', String(error)) };
        }
      }),
    );
    // Nothing to send to (no engine link yet, or an engine without a site) is no success: that notice stays up.
    notice.answered(press, done);
    if (done.some((r) => 'error' in r && r.error.code === 'forbidden')) login.openPrompt();
  }, [services, jog, login, locale, t, targets, notice]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = stopKeyAction(event);
      if (action === 'none') return;
      event.preventDefault();
      if (action === 'send') void send();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [send]);
  useEffect(() => () => notice.dispose(), [notice]);

  const failed = Array.isArray(results) && (results.length === 0 || results.some((r) => !stoppedAndRecorded(r, t)));
  const title = targets.length === 1 && targets[0] ? t('stop.scopeOne', { name: siteLabel(targets[0].label, targets[0].name, locale) }) : t('stop.scopeAll');

  return (
    <div className="stop">
      <button type="button" className="stop-button" aria-describedby="stop-caption" aria-keyshortcuts="Control+. Pause" title={`${title} ${t('stop.shortcut')}`} onClick={() => void send()}>
        {t('stop.label')}
        <span className="stop-key" aria-hidden="true">{t('hdr.stopKey')}</span>
      </button>
      <span id="stop-caption" className="stop-caption">
        {t('stop.caption')}
      </span>
      {results && (
        <div role="status" className={failed ? 'stop-notice stop-failed' : 'stop-notice'} data-testid="stop-notice">
          {results === 'sending' ? (
            <p>{t('stop.sending')}</p>
          ) : results.length === 0 ? (
            <p className="refusal">{t('stop.noTargets')}</p>
          ) : (
            results.map((r) => (
              <p key={r.id} className={stoppedAndRecorded(r, t) ? '' : 'refusal'}>
                {stopText(r, t).text}
              </p>
            ))
          )}
          <button type="button" onClick={() => notice.close()}>
            {t('stop.close')}
          </button>
        </div>
      )}
    </div>
  );
}
