/**
 * Runs one command of one equipment: straight `command.execute`, or arm-then-execute for the commands the site marks
 * `confirm` (the arm expires; the operator confirms with a second, deliberate action). Outcomes go to the control store.
 */
import { useCallback, useState } from 'react';
import { ContractError } from '../../../shared/contract/errors';
import type { CommandOutcome } from '../../../shared/contract/outcome';
import { useLinkServices } from '../../link/link-services';
import { useControlServices } from '../../stores/control-hooks';
import { useServices } from '../../stores/hooks';
import { armDeadline, armDeadlineFromLeft, type Armed } from './arm-countdown';
import { errorOutcome } from './error-outcome';

export { errorOutcome } from './error-outcome';

/** A command as the site summary describes it. */
export interface CommandInfo {
  name: string;
  confirm: boolean;
}


/** What the engine's arm lasted when a reply carried no expiry (its ARM_TTL_MS). */
const ARM_FALLBACK_MS = 10_000;

/** State and actions of one command control. */
export function useCommand(equipmentId: string, command: CommandInfo) {
  const services = useServices(); // the client is read when used: it changes on every engine reconnect
  const { control } = useControlServices();
  const { clock } = useLinkServices();
  const [armed, setArmed] = useState<Armed | null>(null);
  const [busy, setBusy] = useState(false);

  const record = useCallback((outcome: CommandOutcome | undefined) => control.setOutcome(equipmentId, command.name, outcome), [control, equipmentId, command.name]);

  const execute = useCallback(
    async (value: number | undefined, armId?: string) => {
      const client = services.client;
      if (!client) throw new ContractError('closed', 'no engine link');
      const body = { equipmentId, command: command.name, ...(value !== undefined ? { value } : {}), ...(armId ? { armId } : {}) };
      record((await client.request('command.execute', body)).outcome);
    },
    [services, equipmentId, command.name, record],
  );

  /** First click: arms a `confirm` command, or runs any other at once. */
  const start = useCallback(
    async (value?: number) => {
      record(undefined);
      setBusy(true);
      try {
        if (!command.confirm) return await execute(value);
        const client = services.client;
        if (!client) throw new ContractError('closed', 'no engine link');
        const sentMono = performance.now();
        const reply = await client.request('command.arm', { equipmentId, command: command.name, ...(value !== undefined ? { value } : {}) });
        const receivedMono = performance.now();
        if (reply.outcome.status === 'ok' && reply.armId) {
          const { expiresInMs, expiresAt } = reply;
          const deadline =
            expiresInMs !== undefined ? armDeadlineFromLeft(expiresInMs, sentMono, receivedMono) : expiresAt !== undefined ? armDeadline(expiresAt, Date.now(), receivedMono, clock) : receivedMono + ARM_FALLBACK_MS;
          setArmed({ armId: reply.armId, deadline, value });
        } else record(reply.outcome);
      } catch (error) {
        record(errorOutcome(error));
      } finally {
        setBusy(false);
      }
    },
    [services, clock, command.confirm, command.name, equipmentId, execute, record],
  );

  /** Second click on an armed command. */
  const confirm = useCallback(async () => {
    if (!armed) return;
    setArmed(null);
    setBusy(true);
    try {
      await execute(armed.value, armed.armId);
    } catch (error) {
      record(errorOutcome(error));
    } finally {
      setBusy(false);
    }
  }, [armed, execute, record]);

  const cancel = useCallback(() => setArmed(null), []);
  /** Forgets the last outcome (a setpoint's value was edited: the refusal of the old value no longer applies). */
  const clearOutcome = useCallback(() => record(undefined), [record]);

  return { armed, busy, start, confirm, cancel, clearOutcome };
}
