/** The current alarms: state as text, priority as shape, and the operator's actions (disabled with the reason). */
import { useState } from 'react';
import type { AlarmInfo } from '../../shared/contract/requests/alarms';
import { useI18n } from '../i18n/i18n';
import { useControlServices, useLogin } from '../stores/control-hooks';
import { useSession } from '../stores/hooks';
import { alarmActionBlock, isUnacked } from './alarm-rules';
import { alarmMessage, equipmentName, formatAlarmTime } from './alarm-text';
import { PriorityMark } from './PriorityMark';
import { ShelveDialog } from './ShelveDialog';
import { failureText, useAlarmActions } from './use-alarm-actions';

/** Table of `rows` (already ordered) with acknowledge / shelve / unshelve. */
export function AlarmTable({ rows }: { rows: readonly AlarmInfo[] }) {
  const { t, locale } = useI18n();
  const { equipment, engine } = useSession();
  const { principal } = useLogin();
  const { login } = useControlServices();
  const actions = useAlarmActions();
  const [shelving, setShelving] = useState<AlarmInfo | undefined>();
  const block = alarmActionBlock(principal?.role, engine === 'connected');
  const why = block ? t(block, { role: principal ? t(`role.${principal.role}`) : '' }) : undefined;
  const unacked = rows.filter(isUnacked).map((a) => a.key);
  const text = (a: AlarmInfo) => `${equipmentName(a.equipmentId, equipment, locale)} — ${alarmMessage(a, equipment, locale, t)}`;
  const failed = actions.failure && rows.find((a) => a.key === actions.failure?.key);
  return (
    <>
      <div className="alarm-toolbar">
        <button type="button" data-testid="alarm-ack-all" disabled={!!why || unacked.length === 0} title={why} onClick={() => void actions.ackAll(unacked)}>
          {t('alarms.ackAll', { n: unacked.length })}
        </button>
        {why && (
          <span className="alarm-why" data-testid="alarm-why">
            {why}
            {block === 'alarms.why.login' && (
              <button type="button" onClick={() => login.openPrompt({ needs: 'operator' })}>
                {t('alarms.login')}
              </button>
            )}
          </span>
        )}
      </div>
      {actions.failure && (
        <p role="alert" className="alarm-failure" data-testid="alarm-failure">
          {t('alarms.failed', { name: failed ? text(failed) : actions.failure.key, text: failureText(actions.failure, locale) })}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="muted">{t('alarms.none')}</p>
      ) : (
        <table className="alarm-table" data-testid="alarm-table">
          <thead>
            <tr>
              <th>{t('alarms.col.priority')}</th>
              <th>{t('alarms.col.state')}</th>
              <th>{t('alarms.col.equipment')}</th>
              <th>{t('alarms.col.message')}</th>
              <th className="num">{t('alarms.col.raised')}</th>
              <th>{t('alarms.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr key={a.key} className={`alarm-row state-${a.state}`} data-testid={`alarm-${a.key}`}>
                <td>
                  <PriorityMark priority={a.priority} withText />
                </td>
                <td className="alarm-state">
                  {t(`alarms.state.${a.state}`)}
                  {a.shelved && <div className="alarm-shelved-info">{t('alarms.shelvedInfo', { time: formatAlarmTime(a.shelved.until, locale), user: a.shelved.by, reason: a.shelved.reason })}</div>}
                </td>
                <td className="alarm-eq">{equipmentName(a.equipmentId, equipment, locale)}</td>
                <td className="alarm-message">{alarmMessage(a, equipment, locale, t)}</td>
                {/* When it came in: an acknowledgement or a return to normal does not move it (the state's own time in the title). */}
                <td className="num" title={t('alarms.stateSince', { time: formatAlarmTime(a.since, locale) })} data-testid="alarm-raised">
                  {formatAlarmTime(a.raisedAt ?? a.since, locale)}
                </td>
                <td className="alarm-actions">
                  {isUnacked(a) && (
                    <button type="button" disabled={!!why || actions.busy.has(a.key)} title={why} onClick={() => void actions.ack(a.key)}>
                      {t('alarms.ack')}
                    </button>
                  )}
                  {a.state === 'shelved' ? (
                    <button type="button" disabled={!!why || actions.busy.has(a.key)} title={why} onClick={() => void actions.unshelve(a.key)}>
                      {t('alarms.unshelve')}
                    </button>
                  ) : (
                    a.state !== 'suppressed' &&
                    a.state !== 'out-of-service' && (
                      <button type="button" disabled={!!why || actions.busy.has(a.key)} title={why} onClick={() => (actions.clearFailure(), setShelving(a))}>
                        {t('alarms.shelve')}
                      </button>
                    )
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {shelving && <ShelveDialog title={text(shelving)} failure={actions.failure?.key === shelving.key ? failureText(actions.failure, locale) : undefined} onShelve={(ms, reason) => actions.shelve(shelving.key, ms, reason)} onClose={() => setShelving(undefined)} />}
    </>
  );
}
