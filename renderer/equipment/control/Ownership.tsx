/** Who has control of this equipment, and take / release / take over (with a confirmation naming the current holder). */
import { useState } from 'react';
import type { ControlState } from '../../../shared/contract/requests/control';
import { useI18n } from '../../i18n/i18n';
import { useControl, useControlServices } from '../../stores/control-hooks';
import { useServices, useSession } from '../../stores/hooks';
import type { Blocked } from './access';
import { OutcomeLine } from './OutcomeLine';
import { holderText } from './holder';
import { errorOutcome } from './use-command';

/** Who holds it, for the take-over question: "user (console)" or the device's console id. */
function holderName(state: ControlState | undefined): string {
  if (state?.holder) return `${state.holder.user} (${state.holder.console})`;
  return `#${state?.deviceOwner ?? '?'}`;
}

/** Held by someone other than this session (here or on another console). */
function heldByOther(state: ControlState | undefined): boolean {
  if (!state || state.holder?.mine) return false;
  return state.holder !== null || (state.deviceOwner !== null && state.deviceOwner !== 0 && state.deviceOwner !== state.consoleId);
}

/** The ownership row of a panel. */
export function Ownership({ equipmentId, blocked }: { equipmentId: string; blocked: Blocked | undefined }) {
  const { t } = useI18n();
  const services = useServices(); // the client is read when used: it changes on every engine reconnect
  const { control } = useControlServices();
  const { states, outcomes, lostHere: lostByEquipment } = useControl();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const state = states.get(equipmentId);
  const lostHere = lostByEquipment.get(equipmentId);
  const mine = state?.holder?.mine === true;
  const engineLive = useSession().engine === 'connected';
  const { key: holderKey, params: holderParams } = holderText(state, engineLive);
  const holder = t(holderKey, holderParams);

  const send = async (action: 'take' | 'takeOver' | 'release') => {
    setConfirming(false);
    setBusy(true);
    control.setOutcome(equipmentId, 'control', undefined);
    try {
      const client = services.client;
      if (!client) throw new Error('no engine link');
      const reply = action === 'release' ? await client.request('control.release', { equipmentId }) : await client.request('control.take', { equipmentId, takeOver: action === 'takeOver' });
      control.setState(reply.control);
      if (reply.outcome.status === 'refused' && reply.outcome.code === 'owned-by-other') setConfirming(true); // someone got there first: offer take-over
      else if (reply.outcome.status !== 'ok') control.setOutcome(equipmentId, 'control', reply.outcome);
    } catch (error) {
      control.setOutcome(equipmentId, 'control', errorOutcome(error));
    } finally {
      setBusy(false);
    }
  };

  const disabled = blocked !== undefined || busy;
  return (
    <div className="ownership" data-testid="ownership">
      <span className={mine ? 'holder holder-mine' : 'holder'} data-testid="control-holder">
        {holder}
      </span>
      {mine ? (
        <button type="button" disabled={disabled} onClick={() => void send('release')}>
          {t('control.release')}
        </button>
      ) : heldByOther(state) ? (
        <button type="button" disabled={disabled} onClick={() => setConfirming(true)}>
          {t('control.takeOver')}
        </button>
      ) : (
        <button type="button" disabled={disabled} onClick={() => void send('take')}>
          {t('control.take')}
        </button>
      )}
      {confirming && !blocked && (
        <div className="confirm" role="alertdialog" aria-label={t('control.takeOver')}>
          <p>{t('control.takeOverConfirm', { holder: holderName(state) })}</p>
          <button type="button" className="primary" autoFocus onClick={() => void send('takeOver')}>
            {t('control.takeOverYes')}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            {t('control.cancel')}
          </button>
        </div>
      )}
      {lostHere && !mine ? (
        <div role="alert" className="control-lost-here" data-testid="control-lost-here">
          <span>{lostHere.holder ? t('control.lostTo', { user: lostHere.holder.user, console: lostHere.holder.console }) : t('control.lost', { text: lostHere.text ?? '' })}</span>
          <button type="button" onClick={() => control.dismissLost(equipmentId)}>
            {t('control.lostDismiss')}
          </button>
        </div>
      ) : (
        state?.lost && !mine && <p className="refusal">{t('control.lost', { text: state.lost.text })}</p>
      )}
      <OutcomeLine outcome={outcomes.get(`${equipmentId}/control`)} testId="outcome-control" />
    </div>
  );
}
