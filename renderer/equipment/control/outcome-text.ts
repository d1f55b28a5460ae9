/** The words for a command's outcome (pure: the outcome line and the stop notice show them). */
import type { CommandOutcome } from '../../../shared/contract/outcome';
import type { MessageKey } from '../../i18n/messages';
import type { JogEnd } from '../../stores/jog-store';

/** The catalog lookup (`t` of useI18n). */
type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;
/** A refusal in the viewer's language (`useRefusalText`), filled from the refusal's values. */
type RefusalWords = (code: string, text: string, values?: Record<string, number | string | boolean | null>) => string;

/**
 * The line for `outcome`, and whether it reads as a plain success. A command the device acted on but the audit log
 * could not record is never a plain success: the line says so, as an alert.
 */
export function outcomeText(outcome: CommandOutcome, t: Translate, refusal: RefusalWords): { text: string; ok: boolean } {
  const text =
    outcome.status === 'ok'
      ? t('control.outcomeOk', { ms: Math.round(outcome.latencyMs) })
      : outcome.status === 'refused'
        ? t('control.outcomeRefused', { text: refusal(outcome.code, outcome.text, outcome.values) })
        : outcome.status === 'device-rejected'
          ? t('control.outcomeDevice', { text: outcome.text })
          : outcome.status === 'verify-mismatch'
            ? t('control.outcomeMismatch', { text: outcome.text })
            : t('control.outcomeTimeout', { text: outcome.text });
  const unaudited = 'unaudited' in outcome && outcome.unaudited === true;
  return { text: unaudited ? `${text} ${t('control.outcomeUnaudited')}` : text, ok: outcome.status === 'ok' && !unaudited };
}

/** Why a jog ended, in words: a hold's outcome as any command's (no answer / rejected / not confirmed / refused). */
export function jogEndText(end: JogEnd, t: Translate, refusal: RefusalWords): string {
  return end.kind === 'stopped' ? t('control.jogStopped', { text: refusal(end.code, end.text) }) : outcomeText(end.outcome, t, refusal).text;
}

/** One equipment's answer to the stop. */
export type StopAnswer = { name: string } & ({ outcome: CommandOutcome; attempts: number } | { error: { code: string; message: string } });

/** The stop notice's line for one equipment, and whether it was stopped and recorded (the notice may then close itself). */
export function stopText(r: StopAnswer, t: Translate): { text: string; ok: boolean } {
  if ('error' in r) return { text: r.error.code === 'forbidden' ? `${r.name}: ${t('stop.needLogin')}` : t('stop.failed', { name: r.name, text: r.error.message }), ok: false };
  const unaudited = 'unaudited' in r.outcome && r.outcome.unaudited === true;
  const line =
    r.outcome.status !== 'ok'
      ? t('stop.failed', { name: r.name, text: r.outcome.text })
      : r.attempts > 1
        ? t('stop.okRetried', { name: r.name, ms: Math.round(r.outcome.latencyMs), attempts: r.attempts })
        : t('stop.ok', { name: r.name, ms: Math.round(r.outcome.latencyMs) });
  if (unaudited) return { text: t('stop.withNote', { line, note: t('control.outcomeUnaudited') }), ok: false };
  return { text: line, ok: r.outcome.status === 'ok' };
}
