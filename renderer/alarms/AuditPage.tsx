/** The audit view (`#/audit`): the newest audit entries for maintenance staff — time, user, kind, target, outcome. */
import { useCallback, useEffect, useState } from 'react';
import { roleAtLeast } from '../../shared/contract/access';
import type { AuditEntryView } from '../../shared/contract/requests/audit';
import { useI18n } from '../i18n/i18n';
import { hasMessage, type MessageKey } from '../i18n/messages';
import { useControlServices, useLogin } from '../stores/control-hooks';
import { useSession } from '../stores/hooks';
import { useAlarmServices, useAlarms } from './alarm-context';
import { alarmMessage, equipmentName, formatAlarmTime } from './alarm-text';
import { refusalText } from '../equipment/refusal-text';
import { AUDIT_FILTERS, auditDetailText, auditTargetLabel, auditTargetText, auditValueUnit, compact, type AuditFilter } from './audit-text';
import { siteLabel } from '../equipment/labels';
import { AuditChainCheck } from './AuditChainCheck';
import './alarms.css';

const COUNT = 200;

/** Audit page: a kind filter, a refresh button and the table; needs a maintenance or admin login. */
export function AuditPage() {
  const { alarms: store } = useAlarmServices();
  const { alarms } = useAlarms();
  const { equipment, engine } = useSession();
  const { principal } = useLogin();
  const { login } = useControlServices();
  const { t, locale } = useI18n();
  const [filter, setFilter] = useState<AuditFilter>('all');
  const [entries, setEntries] = useState<AuditEntryView[] | undefined>();
  const [unreadable, setUnreadable] = useState(0);
  const [error, setError] = useState<string | undefined>();
  const allowed = principal !== null && roleAtLeast(principal.role, 'maintenance');

  const load = useCallback(async () => {
    const client = store.currentClient;
    if (!allowed || !client) return;
    try {
      const kinds = AUDIT_FILTERS[filter];
      const reply = await client.request('audit.recent', { count: COUNT, ...(kinds ? { kinds: [...kinds] } : {}) });
      setEntries(reply.entries);
      setUnreadable(reply.unreadable);
      setError(undefined);
    } catch (e) {
      setError(t('audit.error', { message: e instanceof Error ? e.message : String(e) }));
    }
  }, [allowed, filter, store, t]);
  useEffect(() => void load(), [load, engine]);
  // An alarm action by anyone is a new audit entry: show it without a manual refresh.
  useEffect(() => store.onTransition((transition) => void (transition.user && load())), [store, load]);

  // The engine's action and reason words ("take", "logout") have catalog texts; anything else shows as recorded.
  const word = (w: string) => (hasMessage(`audit.word.${w}`) ? t(`audit.word.${w}` as MessageKey) : w);
  const target = (e: AuditEntryView) => {
    const eq = e.target?.equipment;
    const what = e.target?.command ?? e.target?.tag ?? e.target?.node;
    const alarm = what ? alarms.get(what) : undefined;
    const name = eq ? equipmentName(eq, equipment, locale) : e.target?.connection;
    const summary = equipment.find((x) => x.id === eq);
    // A command or tag by its site label (the file's name is in the row's title for who needs it).
    const labelled = what && !alarm ? auditTargetLabel(what, summary, (l, fallback) => siteLabel(l, fallback, locale)) : undefined;
    const detail = alarm ? alarmMessage(alarm, equipment, locale, t) : (labelled ?? (what && auditTargetText(what.replace(`${eq}/`, ''), word)));
    return [name, detail].filter(Boolean).join(' — ');
  };
  // Owner register values as consoles, written values with their unit.
  const valueText = (e: AuditEntryView) => (v: unknown) => {
    if (e.kind === 'ownership' && typeof v === 'number') return v === 0 ? t('audit.owner.free') : t('audit.owner.console', { id: v });
    const unit = typeof v === 'number' ? auditValueUnit(e.target?.command ?? e.target?.tag, equipment.find((x) => x.id === e.target?.equipment)) : undefined;
    return unit ? `${compact(v)} ${unit}` : compact(v);
  };
  // A refusal's or loss's reason in the reader's language by its code (the engine's English where there is no text).
  const localReason = (e: AuditEntryView): AuditEntryView => {
    const { code, reason } = e.outcome ?? {};
    if (!e.outcome || !code || !reason) return e;
    const eq = equipment.find((x) => x.id === e.target?.equipment);
    return { ...e, outcome: { ...e.outcome, reason: refusalText(eq, code, reason, locale) } };
  };
  const minutes = (ms: number) => (ms < 3_600_000 ? t('alarms.duration.min', { n: Math.round(ms / 60_000) }) : t('alarms.duration.h', { n: Math.round(ms / 360_000) / 10 }));
  return (
    <section className="audit-page" data-testid="audit-page">
      <div className="alarms-head">
        <h2>{t('audit.title')}</h2>
        <span className="muted">{t('audit.intro')}</span>
        <a href="#/alarms" className="alarms-audit-link">
          ← {t('alarms.title')}
        </a>
      </div>
      {!allowed ? (
        <p className="alarm-why" data-testid="audit-why">
          {t('audit.needRole')}
          <button type="button" onClick={() => login.openPrompt({ needs: 'maintenance' })}>
            {t('audit.login')}
          </button>
        </p>
      ) : (
        <>
          <div className="alarm-toolbar">
            <label>
              {t('audit.kindFilter')}{' '}
              <select value={filter} onChange={(e) => setFilter(e.target.value as AuditFilter)} data-testid="audit-filter">
                {(Object.keys(AUDIT_FILTERS) as AuditFilter[]).map((f) => (
                  <option key={f} value={f}>
                    {t(`audit.filter.${f}`)}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" onClick={() => void load()}>
              {t('audit.refresh')}
            </button>
            {entries && <span className="muted">{t('audit.shown', { n: entries.length })}</span>}
          </div>
          <AuditChainCheck client={store.currentClient} />
          {error && <p role="alert" className="alarm-failure">{error}</p>}
          {unreadable > 0 && <p role="alert" className="alarm-failure">{t('audit.unreadable', { n: unreadable })}</p>}
          {entries && entries.length === 0 && <p className="muted">{t('audit.none')}</p>}
          {entries && entries.length > 0 && (
            <table className="alarm-table audit-table" data-testid="audit-table">
              <thead>
                <tr>
                  <th>{t('audit.col.time')}</th>
                  <th>{t('audit.col.user')}</th>
                  <th>{t('audit.col.kind')}</th>
                  <th>{t('audit.col.target')}</th>
                  <th>{t('audit.col.outcome')}</th>
                  <th>{t('audit.col.detail')}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => {
                  const kindKey = `audit.kind.${e.kind}`;
                  const resultKey = `audit.result.${e.outcome?.result ?? ''}`;
                  return (
                    <tr key={e.seq} data-testid={`audit-${e.seq}`} className={`audit-${e.kind} result-${e.outcome?.result ?? 'none'}${e.hashMismatch ? ' audit-not-genuine' : ''}`}>
                      <td className="num">
                        {formatAlarmTime(Date.parse(e.time), locale)}
                        {e.hashMismatch && (
                          <strong className="refusal" data-testid={`audit-not-genuine-${e.seq}`}>
                            {' '}
                            {t('audit.notGenuine')}
                          </strong>
                        )}
                      </td>
                      <td>{e.who ? `${e.who.user}${e.who.role && hasMessage(`role.${e.who.role}`) ? ` · ${t(`role.${e.who.role}` as 'role.viewer')}` : ''}` : '—'}</td>
                      <td>{hasMessage(kindKey) ? t(kindKey) : e.kind}</td>
                      <td title={e.target?.command ?? e.target?.tag ?? e.target?.node}>{target(e)}</td>
                      <td className="audit-outcome">{e.outcome ? (hasMessage(resultKey) ? t(resultKey) : e.outcome.result) : '—'}</td>
                      <td className="audit-detail">{auditDetailText(localReason(e), minutes, word, valueText(e))}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
