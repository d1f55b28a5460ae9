/** Acknowledge, shelve and unshelve from this window, with the last refusal kept for display. */
import { useState } from 'react';
import type { CommandOutcome } from '../../shared/contract/outcome';
import type { Locale } from '../i18n/messages';
import { alarmRefusalText } from './alarm-refusal';
import { useAlarmServices } from './alarm-context';

/** A failure's text in `locale`. */
export function failureText(failure: ActionFailure, locale: Locale): string {
  return failure.outcome ? alarmRefusalText(failure.outcome, locale) : failure.text;
}

/** What the actions report back: the key acted on, and why it was not done (the outcome, or the error's text). */
export interface ActionFailure {
  key: string;
  /** The engine's outcome: shown in the viewer's language by its code (alarm-refusal.ts). */
  outcome?: Exclude<CommandOutcome, { status: 'ok' }>;
  text: string;
}

/** The alarm actions and their state (busy keys, last failure). */
export function useAlarmActions() {
  const { alarms } = useAlarmServices();
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [failure, setFailure] = useState<ActionFailure | undefined>();

  const run = async (key: string, send: () => Promise<{ outcome: CommandOutcome }> | undefined): Promise<boolean> => {
    setBusy((b) => new Set(b).add(key));
    try {
      const reply = await send();
      if (!reply) throw new Error('no engine link');
      if (reply.outcome.status !== 'ok') {
        setFailure({ key, outcome: reply.outcome, text: reply.outcome.text });
        return false;
      }
      setFailure(undefined);
      return true;
    } catch (error) {
      setFailure({ key, text: error instanceof Error ? error.message : String(error) });
      return false;
    } finally {
      setBusy((b) => {
        const next = new Set(b);
        next.delete(key);
        return next;
      });
    }
  };

  return {
    busy,
    failure,
    clearFailure: () => setFailure(undefined),
    ack: (key: string) => run(key, () => alarms.currentClient?.request('alarms.ack', { key })),
    /** Acknowledges one after another (each is audited on its own); stops at the first failure. */
    ackAll: async (keys: readonly string[]) => {
      for (const key of keys) if (!(await run(key, () => alarms.currentClient?.request('alarms.ack', { key })))) return;
    },
    shelve: (key: string, durationMs: number, reason: string) => run(key, () => alarms.currentClient?.request('alarms.shelve', { key, durationMs, reason })),
    unshelve: (key: string) => run(key, () => alarms.currentClient?.request('alarms.unshelve', { key })),
  };
}
