/** Alarm history search: time range and equipment go to the engine (`alarms.history`); the text filter runs here. */
import { useState, type FormEvent } from 'react';
import type { AlarmTransition } from '../../shared/contract/requests/alarms';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../stores/hooks';
import { useAlarmServices } from './alarm-context';
import { alarmMessage, equipmentName, formatAlarmTime } from './alarm-text';
import { PriorityMark } from './PriorityMark';

const LIMIT = 1000;
const HOUR = 3_600_000;

/** `datetime-local` value of a time in this machine's zone. */
function localInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

/** Search form and results. */
export function AlarmHistory() {
  const { alarms } = useAlarmServices();
  const { equipment } = useSession();
  const { t, locale } = useI18n();
  const [from, setFrom] = useState(() => localInput(Date.now() - 8 * HOUR));
  const [to, setTo] = useState(() => localInput(Date.now() + 60_000));
  const [equipmentId, setEquipmentId] = useState('');
  const [text, setText] = useState('');
  const [found, setFound] = useState<AlarmTransition[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const search = async (event: FormEvent) => {
    event.preventDefault();
    const range = { from: new Date(from).getTime(), to: new Date(to).getTime() };
    if (!(range.from < range.to)) return setError(t('alarms.hist.badRange'));
    setBusy(true);
    try {
      const client = alarms.currentClient;
      if (!client) throw new Error(t('alarms.why.engine'));
      const reply = await client.request('alarms.history', { ...range, limit: LIMIT, ...(equipmentId ? { equipmentId } : {}) });
      setFound(reply.transitions);
      setError(undefined);
    } catch (e) {
      setError(t('alarms.hist.error', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };

  const needle = text.trim().toLocaleLowerCase();
  const message = (r: AlarmTransition) => alarmMessage(r, equipment, locale, t);
  const shown = !found || needle === '' ? found : found.filter((r) => [message(r), r.message, r.alarmId, r.user ?? '', r.comment ?? '', equipmentName(r.equipmentId, equipment, locale)].some((s) => s.toLocaleLowerCase().includes(needle)));
  return (
    <section className="alarm-history" data-testid="alarm-history">
      <form className="history-form" onSubmit={(e) => void search(e)}>
        <label>
          {t('alarms.hist.from')}
          <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('alarms.hist.to')}
          <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label>
          {t('alarms.hist.equipment')}
          <select value={equipmentId} onChange={(e) => setEquipmentId(e.target.value)}>
            <option value="">{t('alarms.hist.allEquipment')}</option>
            {equipment.map((eq) => (
              <option key={eq.id} value={eq.id}>
                {equipmentName(eq.id, equipment, locale)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('alarms.hist.text')}
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <button type="submit" disabled={busy}>
          {t('alarms.hist.search')}
        </button>
      </form>
      {error && <p role="alert" className="alarm-failure">{error}</p>}
      {shown && (
        <>
          <p className="muted">{shown.length === 0 ? t('alarms.hist.none') : t('alarms.hist.count', { n: shown.length })}</p>
          {found?.length === LIMIT && <p className="muted">{t('alarms.hist.truncated', { n: LIMIT })}</p>}
          {shown.length > 0 && (
            <table className="alarm-table" data-testid="alarm-history-table">
              <thead>
                <tr>
                  <th>{t('alarms.col.time')}</th>
                  <th>{t('alarms.col.priority')}</th>
                  <th>{t('alarms.col.equipment')}</th>
                  <th>{t('alarms.col.message')}</th>
                  <th>{t('alarms.col.change')}</th>
                  <th>{t('alarms.col.user')}</th>
                  <th>{t('alarms.col.comment')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((r, i) => (
                  <tr key={`${r.key}/${r.at}/${i}`}>
                    <td className="num">{formatAlarmTime(r.at, locale)}</td>
                    <td>
                      <PriorityMark priority={r.priority} withText />
                    </td>
                    <td className="alarm-eq">{equipmentName(r.equipmentId, equipment, locale)}</td>
                    <td>{message(r)}</td>
                    <td>
                      {t(`alarms.state.${r.previous}`)} → {t(`alarms.state.${r.state}`)}
                    </td>
                    <td>{r.user ?? <span className="muted">{t('alarms.hist.system')}</span>}</td>
                    <td>{r.comment ?? (r.state === 'shelved' ? r.shelved?.reason : undefined)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
