/** Fault and refusal codes shared by the simulated PLCs (documented in main/sim/REGISTER-MAPS.md). */

/** Latched fault codes; fault bit = 1 << (code - 1) in the fault-bits register. */
export const Fault = {
  none: 0,
  watchdog: 1,
  motorOvertemp: 2,
  driveFault: 3,
  overload: 4,
} as const;
export type Fault = (typeof Fault)[keyof typeof Fault];

/** The bit of `fault` in the fault-bits register. */
export function faultBit(fault: Fault): number {
  return fault === Fault.none ? 0 : 1 << (fault - 1);
}

/** Why the device refused the last write (the refusal-reason register). */
export const Refusal = {
  none: 0,
  notOwner: 1,
  notRemote: 2,
  faultLatched: 3,
  ownedByOther: 4,
  outOfRange: 5,
  heartbeatStale: 6,
  notStopped: 7,
  atLimit: 8,
  windTooHigh: 9,
  spreaderUnlockedWithLoad: 10,
  twistlocksMoving: 11,
  spreaderCarriesLoad: 12,
  hoistNotStoppedInPourZone: 13,
  ladleTilted: 14,
  overload: 15,
  noHeartbeat: 16,
  notWritable: 17,
  engineOff: 18,
  partialBlock: 19,
} as const;
export type Refusal = (typeof Refusal)[keyof typeof Refusal];

/** A refused command: the reason (for the reason register) and the Modbus exception the master receives. */
export interface Refused {
  refused: Refusal;
  /** 3 = illegal data value (the value itself is wrong), 4 = device failure (the machine's state forbids it), 2 = not a writable address. */
  exception: 2 | 3 | 4;
}

/** A value that is wrong whatever the state. */
export function badValue(): Refused {
  return { refused: Refusal.outOfRange, exception: 3 };
}

/** A command the machine's current state forbids. */
export function forbidden(reason: Refusal): Refused {
  return { refused: reason, exception: 4 };
}
