/**
 * The safety gate: the checks every command passes before anything is written, in a fixed order so the operator
 * always sees the first reason that applies: role → ownership → equipment mode → link quality → interlocks →
 * target (writable, minRole) → value (type, range, NaN) → rate. Pure: the command service gathers the facts.
 */
import { roleAtLeast, type RoleName } from '../../../shared/contract/access';
import { refused, type Refusal } from '../../../shared/contract/outcome';

/** Link quality as the gate sees it (the link monitor refines "good" into good/degraded/unsafe). */
export type LinkQuality = 'good' | 'degraded' | 'unsafe' | 'lost';

/** One interlock's verdict on live values. */
export type InterlockVerdict =
  | { state: 'allow' }
  | { state: 'block'; values: Record<string, number | string | boolean | null> }
  /** An input is missing or stale: a safety check that cannot be evaluated refuses. */
  | { state: 'unknown'; inputs: string[] };

/** An interlock that blocks this command. */
export interface InterlockCheck {
  id: string;
  reason: string;
  verdict(): InterlockVerdict;
}

/** Everything the gate needs to decide, gathered by the command service. */
export interface GateFacts {
  /** The role of the session's principal; undefined when not logged in or locked. */
  role: RoleName | undefined;
  /** The weakest role this command/tag needs. */
  minRole: RoleName;
  /** Stop is allowed for every logged-in role, without ownership or interlocks. */
  isStop: boolean;
  /** The command moves the machine (jogs, start drilling). */
  motion: boolean;
  /** Whether the command needs control ownership (commands and jogs do; maintenance writes of own tags too). */
  needsOwnership: boolean;
  /** This session holds control of the equipment. */
  ownsControl: boolean;
  /** Who holds it when someone else does, for the reason text. */
  holder?: string;
  /** Remote mode: true, false, or undefined when the site defines no mode check. */
  remote: boolean | 'unknown' | undefined;
  link: LinkQuality;
  /** The RTT figure behind `link`, for the reason's values. */
  rttMs?: number;
  interlocks: readonly InterlockCheck[];
  /** A value problem (type, NaN, range), found by the caller's scaling check; undefined when fine or no value. */
  valueProblem?: { code: string; text: string; values?: Record<string, number | string | boolean | null> };
  /** A target problem (unknown tag, read-only tag), undefined when fine. */
  targetProblem?: { code: string; text: string };
  /** The session's command rate is over its limit. */
  rateExceeded: boolean;
}

/** Returns the first refusal that applies, or undefined when the command may go ahead. */
export function gate(facts: GateFacts): Refusal | undefined {
  if (facts.role === undefined) return refused('role', 'not-logged-in', 'Log in to operate equipment');
  if (!facts.isStop && !roleAtLeast(facts.role, facts.minRole)) {
    return refused('role', 'role-too-low', `Needs the ${facts.minRole} role (you are ${facts.role})`, { role: facts.role, needs: facts.minRole });
  }
  if (facts.isStop) return undefined; // never rate-limited, never blocked by ownership, mode, link or interlocks
  if (facts.needsOwnership && !facts.ownsControl) {
    return facts.holder
      ? refused('ownership', 'owned-by-other', `${facts.holder} has control; take over to command`, { holder: facts.holder })
      : refused('ownership', 'not-owner', 'Take control first');
  }
  if (facts.remote === false) return refused('mode', 'not-remote', 'The equipment is in local mode');
  if (facts.remote === 'unknown') return refused('mode', 'mode-unknown', 'The equipment mode is not known (no fresh value)');
  const link = linkRefusal(facts);
  if (link) return link;
  for (const interlock of facts.interlocks) {
    const verdict = interlock.verdict();
    if (verdict.state === 'block') return refused('interlock', `interlock:${interlock.id}`, interlock.reason, verdict.values);
    if (verdict.state === 'unknown') {
      return refused('interlock', `interlock-unknown:${interlock.id}`, `Cannot check "${interlock.reason}": no fresh value of ${verdict.inputs.join(', ')}`, { inputs: verdict.inputs.join(', ') });
    }
  }
  if (facts.targetProblem) return refused('target', facts.targetProblem.code, facts.targetProblem.text);
  if (facts.valueProblem) return refused('value', facts.valueProblem.code, facts.valueProblem.text, facts.valueProblem.values);
  if (facts.rateExceeded) return refused('rate', 'rate-limited', 'Too many commands; wait a moment');
  return undefined;
}

function linkRefusal(facts: GateFacts): Refusal | undefined {
  const values = facts.rttMs === undefined ? undefined : { rttMs: Math.round(facts.rttMs * 10) / 10 };
  if (facts.link === 'lost') return refused('link', 'link-lost', 'The link to the equipment is lost', values);
  if (facts.motion && facts.link === 'unsafe') return refused('link', 'link-unsafe', 'The link is too slow or lossy for motion', values);
  return undefined;
}
