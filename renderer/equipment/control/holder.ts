/** Who holds control of an equipment, as a message key: what this session, this console and the device say. */
import type { ControlState } from '../../../shared/contract/requests/control';

export interface HolderText {
  key: 'control.holderMine' | 'control.holderOther' | 'control.holderDevice' | 'control.holderStale' | 'control.holderNone' | 'control.holderUnknown';
  params?: Record<string, string | number>;
}

/** The holder as a sentence's key and parameters; not known without the engine (who holds control is its to say). */
export function holderText(state: ControlState | undefined, engineLive = true): HolderText {
  if (!engineLive) return { key: 'control.holderUnknown' };
  if (state?.holder?.mine) return { key: 'control.holderMine' };
  if (state?.holder) return { key: 'control.holderOther', params: { user: state.holder.user, console: state.holder.console } };
  const owner = state?.deviceOwner ?? null;
  if (owner === null || owner === 0) return { key: 'control.holderNone' };
  if (owner !== state?.consoleId) return { key: 'control.holderDevice', params: { id: owner } };
  // The device still names this console though no session here holds control (lost mid-take, or with the link): other
  // consoles see it as held, so say so rather than "nobody".
  return { key: 'control.holderStale' };
}
