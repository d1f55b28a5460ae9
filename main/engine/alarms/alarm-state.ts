/**
 * The ISA-18.2 alarm state machine, pure: normal → unacknowledged active → acknowledged active / unacknowledged
 * returned → normal, plus shelved (by an operator, with reason and expiry), suppressed by design and out of service.
 * The condition keeps being tracked while an alarm is shelved, suppressed or out of service, so the state it
 * comes back to is the true one.
 */

/** The state an operator sees. */
/** A shelve: until when, why, and who shelved the alarm. */
export interface Shelve {
  until: number;
  reason: string;
  by: string;
}

export type AlarmStateName = 'normal' | 'unack-active' | 'ack-active' | 'unack-returned' | 'shelved' | 'suppressed' | 'out-of-service';

/** Everything the machine remembers about one alarm. */
export interface AlarmStatus {
  /** The condition (after deadband and delays). */
  active: boolean;
  /** True when nothing awaits acknowledgement. */
  acked: boolean;
  shelved?: Shelve;
  suppressed: boolean;
  outOfService: boolean;
}

/** One input to the machine. */
export type AlarmInput =
  | { type: 'condition'; active: boolean }
  | { type: 'ack' }
  | { type: 'shelve'; until: number; reason: string; by: string }
  | { type: 'unshelve' }
  /** Time passed: an expired shelve ends. */
  | { type: 'tick'; now: number }
  | { type: 'suppress'; on: boolean }
  | { type: 'service'; out: boolean };

/** The machine's answer: the new status, or why the input does not apply. */
export type AlarmStep = { ok: true; status: AlarmStatus } | { ok: false; code: string; text: string };

/** A normal alarm. */
export const NORMAL: AlarmStatus = { active: false, acked: true, suppressed: false, outOfService: false };

/** The state name of a status; out of service ranks above shelved, shelved above suppressed. */
export function stateName(s: AlarmStatus): AlarmStateName {
  if (s.outOfService) return 'out-of-service';
  if (s.shelved) return 'shelved';
  if (s.suppressed) return 'suppressed';
  if (s.active) return s.acked ? 'ack-active' : 'unack-active';
  return s.acked ? 'normal' : 'unack-returned';
}

/** True while the alarm is annunciated (not shelved, suppressed or out of service). */
export function annunciated(s: AlarmStatus): boolean {
  return !s.outOfService && !s.shelved && !s.suppressed;
}

/** Applies one input. */
export function step(s: AlarmStatus, input: AlarmInput): AlarmStep {
  switch (input.type) {
    case 'condition':
      if (input.active === s.active) return { ok: true, status: s };
      // A hidden alarm tracks its condition without asking for acknowledgement; a shown one that rises must be acked.
      if (!annunciated(s)) return { ok: true, status: { ...s, active: input.active, acked: true } };
      return { ok: true, status: { ...s, active: input.active, acked: input.active ? false : s.acked } };
    case 'ack':
      if (!annunciated(s)) return refusal('not-annunciated', `The alarm is ${stateName(s)}; nothing to acknowledge`);
      if (s.acked) return refusal('already-acknowledged', 'The alarm is already acknowledged');
      return { ok: true, status: { ...s, acked: true } };
    case 'shelve':
      if (s.outOfService) return refusal('out-of-service', 'The alarm is out of service');
      return { ok: true, status: { ...s, shelved: { until: input.until, reason: input.reason, by: input.by } } };
    case 'unshelve':
      if (!s.shelved) return refusal('not-shelved', 'The alarm is not shelved');
      return { ok: true, status: revealed({ ...s, shelved: undefined }) };
    case 'tick':
      return { ok: true, status: s.shelved && input.now >= s.shelved.until ? revealed({ ...s, shelved: undefined }) : s };
    case 'suppress':
      if (input.on === s.suppressed) return { ok: true, status: s };
      return { ok: true, status: input.on ? { ...s, suppressed: true } : revealed({ ...s, suppressed: false }) };
    case 'service':
      if (input.out === s.outOfService) return { ok: true, status: s };
      return { ok: true, status: input.out ? { ...s, outOfService: true, shelved: undefined } : revealed({ ...s, outOfService: false }) };
  }
}

/** Back to annunciation: an alarm whose condition is active is shown again, unacknowledged. */
function revealed(s: AlarmStatus): AlarmStatus {
  const { shelved, ...rest } = s;
  const base = shelved ? { ...rest, shelved } : rest;
  return annunciated(base) ? { ...base, acked: !base.active } : base;
}

function refusal(code: string, text: string): AlarmStep {
  return { ok: false, code, text };
}
