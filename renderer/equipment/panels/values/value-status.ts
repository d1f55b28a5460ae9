/**
 * What a shown value is, in the words a maintenance engineer needs: good (live), uncertain (the device doubts it),
 * stale (last known: the engine marked it so, or it was not confirmed within its tag's threshold) or bad (the device
 * answered with an error, or not at all). Only a good value is live; every other one is shown dimmed and named.
 */
import type { MessageKey } from '../../../i18n/messages';

/** Without a threshold from the engine, a value unconfirmed this long is stale. */
export const DEFAULT_STALE_MS = 2000;

/** The engine's quality codes (shared/contract/telemetry.ts `Quality`), as they arrive per value. */
const GOOD = 0;
const BAD = 1;
const STALE = 2;
const UNCERTAIN = 3;

/** How a value stands; 'none': no value yet. */
export type ValueStatus = 'none' | 'good' | 'uncertain' | 'stale' | 'bad';

/** The status of a value of `quality`, confirmed `ageMs` ago (undefined: never), with or without the engine link. */
export function valueStatus(quality: number | undefined, ageMs: number | undefined, staleAfterMs = DEFAULT_STALE_MS, engineLive = true): ValueStatus {
  return statusOf(quality, engineLive && ageMs !== undefined && ageMs <= staleAfterMs);
}

/**
 * The status of a value of `quality`; `confirmed`: the engine confirmed it within its tag's threshold (and its link
 * is up). Bad outranks stale (the last news was an error); stale (engine-marked, or not confirmed lately) outranks
 * uncertain: an uncertain value not confirmed lately is first of all old. An unknown quality code is never good.
 */
export function statusOf(quality: number | undefined, confirmed: boolean): ValueStatus {
  if (quality === undefined) return 'none';
  if (quality === BAD) return 'bad';
  if (quality === STALE || !confirmed) return 'stale';
  if (quality === UNCERTAIN) return 'uncertain';
  return quality === GOOD ? 'good' : 'bad';
}

/** Worst first: what a drawing made of several values is named by. */
const SEVERITY: readonly ValueStatus[] = ['bad', 'stale', 'none', 'uncertain', 'good'];

/** The worst of `statuses` (bad, then stale, no value, uncertain, good). */
export function worstStatus(...statuses: ValueStatus[]): ValueStatus {
  return SEVERITY.find((s) => statuses.includes(s)) ?? 'good';
}

/** The word for a value that is not live, in a sentence about it ("unknown (stale)"); no value yet reads as stale. */
export function notLiveWord(status: ValueStatus): MessageKey {
  return statusWords(status)?.word ?? 'value.status.stale';
}

/** The word and its explanation (a tooltip) for a status that is not good; none for good or no value. */
export function statusWords(status: ValueStatus): { word: MessageKey; help: MessageKey } | undefined {
  switch (status) {
    case 'bad':
      return { word: 'value.status.bad', help: 'value.status.badHelp' };
    case 'stale':
      return { word: 'value.status.stale', help: 'value.status.staleHelp' };
    case 'uncertain':
      return { word: 'value.status.uncertain', help: 'value.status.uncertainHelp' };
    default:
      return undefined;
  }
}
