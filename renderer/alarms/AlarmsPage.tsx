/** The alarm page (`#/alarms`): current alarms with their actions, or the history search. */
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { useAlarmServices, useAlarms } from './alarm-context';
import { isUnacked, listRows } from './alarm-rules';
import { AlarmHistory } from './AlarmHistory';
import { AlarmTable } from './AlarmTable';
import './alarms.css';

type Tab = 'current' | 'history';

/** Page with two tabs. */
export function AlarmsPage() {
  const { alarms: store } = useAlarmServices();
  const { alarms, flood } = useAlarms();
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>('current');
  useEffect(() => store.refresh(), [store]); // fresh flood figures on every visit
  const rows = listRows(alarms.values());
  const active = rows.filter((a) => a.state === 'unack-active' || a.state === 'ack-active').length;
  return (
    <section className="alarms-page" data-testid="alarms-page">
      <div className="alarms-head">
        <h2>{t('alarms.title')}</h2>
        <span className="muted">{t('alarms.summary', { active, unacked: rows.filter(isUnacked).length, shelved: rows.filter((a) => a.state === 'shelved').length })}</span>
        <a href="#/audit" className="alarms-audit-link">
          {t('audit.nav')} →
        </a>
      </div>
      {flood?.flooding && (
        <p role="alert" className="alarm-flood">
          {t('alarms.flood', { n: flood.raisedLast10Min })}
        </p>
      )}
      <div className="tabs" role="tablist">
        {(['current', 'history'] as const).map((name) => (
          <button key={name} type="button" role="tab" aria-selected={tab === name} onClick={() => setTab(name)}>
            {t(`alarms.tab.${name}`)}
          </button>
        ))}
      </div>
      {tab === 'current' ? <AlarmTable rows={rows} /> : <AlarmHistory />}
    </section>
  );
}
