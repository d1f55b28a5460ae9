/**
 * How the command service words what stopped a command: a raw write aimed at what a command drives, an armed command
 * that no longer holds, and a motion command overtaken on its way. Shared wording, kept out of the service's flow.
 */
import { refused } from '../../../shared/contract/outcome';
import type { Unchecked } from './controlled-targets';

/** A raw write's target problem: driven by a command (`why`), or not checkable against the command targets. */
export function targetProblem(target: string, guard: string | Unchecked | undefined): { code: string; text: string } | undefined {
  if (guard === undefined) return undefined;
  if (typeof guard === 'string') return { code: 'command-only', text: `${target} is driven by ${guard}: use that command` };
  return { code: 'command-check-unavailable', text: `${target} could not be checked against the command targets (${guard.unchecked}); nothing was sent` };
}

/** Why an armed command cannot run, where it is more than "arm it first". */
export const ARM_REFUSALS: Partial<Record<string, string>> = {
  expired: 'The armed command expired; arm it again',
  stopped: 'A stop, or the loss of control or of the link, came after this command was armed; arm it again',
};
/** A motion command overtaken on its way by a stop, or by the loss of control or of the link: nothing was sent. */
export const MOTION_ENDED = refused('state', 'motion-ended', 'A stop, or the loss of control or of the link, ended this equipment\'s motion while this command was on its way; nothing was sent');
