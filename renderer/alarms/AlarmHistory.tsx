/** Alarm history search: time range and equipment go to the engine (`alarms.history`); the text filter runs here. */
import { useState, type FormEvent } from 'react';
import type { AlarmTransition } from '../../shared/contract/requests/alarms';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../stores/hooks';
import { useAlarmServices } from './alarm-context';
import { alarmMessage, equipmentName, formatAlarmTime } from './alarm-text';
import { formatLocalMinute, LOCAL_MINUTE_FORMAT, parseLocalMinute } from './local-time-text';
import { PriorityMark } from './PriorityMark';

const LIMIT = 1000;
const HOUR = 3_600_000;

/** Quick windows ending now: each fills both times and searches. */
const RECENT = [
  { key: '1h', ms: HOUR },
  { key: '8h', ms: 8 * HOUR },
  { key: '24h', ms: 24 * HOUR },
  { key: '7d', ms: 7 * 24 * HOUR },
] as const;

/** Search form and results. */
export function AlarmHistory() {
  const { alarms } = useAlarmServices();
  const { equipment } = useSession();
  const { t, locale } = useI18n();
  const [from, setFrom] = useState(() => formatLocalMinute(Date.now() - 8 * HOUR));
  // The minute after this one, so what happens while the form is open is found.
  const [to, setTo] = useState(() => formatLocalMinute(Date.now() + 60_000));
  const [equipmentId, setEquipmentId] = useState('');
  const [text, setText] = useState('');
  const [found, setFound] = useState<AlarmTransition[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const fromMs = parseLocalMinute(from);
  const toMs = parseLocalMinute(to);

  const search = async (range: { from: number | undefined; to: number | undefined }) => {
    if (range.from === undefined || range.to === undefined) return setError(t('alarms.hist.badTime', { format: LOCAL_MINUTE_FORMAT }));
    if (!(range.from < range.to)) return setError(t('alarms.hist.badRange'));
    setBusy(true);
    try {
      const client = alarms.currentClient;
      if (!client) throw new Error(t('alarms.why.engine'));
      const reply = await client.request('alarms.history', { from: range.from, to: range.to, limit: LIMIT, ...(equipmentId ? { equipmentId } : {}) });
      setFound(reply.transitions);
      setError(undefined);
    } catch (e) {
      setError(t('alarms.hist.error', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void search({ from: fromMs, to: toMs });
  };
  const recent = (ms: number) => {
    const now = Date.now();
    setFrom(formatLocalMinute(now - ms));
    setTo(formatLocalMinute(now + 60_000));
    void search({ from: now - ms, to: now + 60_000 });
  };

  const needle = text.trim().toLocaleLowerCase();
  const message = (r: AlarmTransition) => alarmMessage(r, equipment, locale, t);
  const shown = !found || needle === '' ? found : found.filter((r) => [message(r), r.message, r.alarmId, r.user ?? '', r.comment ?? '', equipmentName(r.equipmentId, equipment, locale)].some((s) => s.toLocaleLowerCase().includes(needle)));
  return (
    <section className="alarm-history" data-testid="alarm-history">
      <div className="history-recent" role="group" aria-label={t('alarms.hist.recent')}>
        <span className="muted">{t('alarms.hist.recent')}</span>
        {RECENT.map(({ key, ms }) => (
          <button key={key} type="button" onClick={() => recent(ms)} disabled={busy}>
            {t(`alarms.hist.recent.${key}`)}
          </button>
        ))}
      </div>
      <form className="history-form" onSubmit={submit}>
        <label>
          {t('alarms.hist.from')}
          <TimeText value={from} valid={fromMs !== undefined} onChange={setFrom} />
        </label>
        <label>
          {t('alarms.hist.to')}
          <TimeText value={to} valid={toMs !== undefined} onChange={setTo} />
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

/** A time typed as text, 24-hour (local-time-text.ts); marked invalid until it reads as a time. A full keyboard: a numeric one has no '-' or ':'. */
function TimeText({ value, valid, onChange }: { value: string; valid: boolean; onChange(text: string): void }) {
  return <input type="text" className="time-text" spellCheck={false} placeholder={LOCAL_MINUTE_FORMAT} aria-invalid={!valid} value={value} onChange={(e) => onChange(e.target.value)} />;
}
