/**
 * Access classes: every request of the contract declares one, and the engine's session dispatch checks it against
 * the session's principal before any handler runs. Reading is free; touching equipment is not.
 */
import { z } from 'zod';

/** Roles of the site file, weakest first. */
export const ROLE_NAMES = ['viewer', 'operator', 'maintenance', 'admin'] as const;
export const RoleName = z.enum(ROLE_NAMES);
export type RoleName = z.infer<typeof RoleName>;

/**
 * read: anyone, logged in or not · stop: any logged-in user, and a login the engine locked for inactivity (the
 * supplementary stop must never be refused by role, nor wait for a PIN) ·
 * reconnect: any logged-in user (a connection retry touches the equipment's link, not the equipment) ·
 * operate: commands and control ownership · motion: hold-to-run jogs · maintain: raw register/node writes ·
 * admin: trust changes and site-level settings.
 */
export const ACCESS_CLASSES = ['read', 'stop', 'reconnect', 'operate', 'motion', 'maintain', 'admin'] as const;
export const AccessClass = z.enum(ACCESS_CLASSES);
export type AccessClass = z.infer<typeof AccessClass>;

/** The weakest role each access class needs (undefined: no login needed). */
const MIN_ROLE: Record<AccessClass, RoleName | undefined> = {
  read: undefined,
  stop: 'viewer',
  reconnect: 'viewer',
  operate: 'operator',
  motion: 'operator',
  maintain: 'maintenance',
  admin: 'admin',
};

/** Rank of a role (viewer 0 … admin 3). */
export function roleRank(role: RoleName): number {
  return ROLE_NAMES.indexOf(role);
}

/** True when `role` (undefined = not logged in) is at least `min`. */
export function roleAtLeast(role: RoleName | undefined, min: RoleName): boolean {
  return role !== undefined && roleRank(role) >= roleRank(min);
}

/** The weakest role that may use a request of this class, or undefined when none is needed. */
export function minRoleFor(access: AccessClass): RoleName | undefined {
  return MIN_ROLE[access];
}

/** True when a principal with `role` (undefined = not logged in) may send requests of class `access`. */
export function roleAllows(role: RoleName | undefined, access: AccessClass): boolean {
  const min = MIN_ROLE[access];
  return min === undefined || roleAtLeast(role, min);
}
