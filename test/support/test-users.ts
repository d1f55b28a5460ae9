/**
 * Users for test sites, one per role, with the demo site's PINs (viewer 1111, operator 2222, maintenance 3333,
 * admin 4444), so `loginAs` works on test sites and on the demo site alike.
 */
import type { ContractClient } from '../../shared/contract/client';
import type { Principal } from '../../shared/contract/requests/control';
import { hashSecret } from '../../main/engine/auth/secret-hash';

/** The PIN of each test/demo user. */
export const TEST_PINS = { viewer: '1111', operator: '2222', maintenance: '3333', admin: '4444' } as const;
export type TestRole = keyof typeof TEST_PINS;

/** Site-file users (scrypt hashes made once per test process). */
export const TEST_USERS = await Promise.all(
  (Object.keys(TEST_PINS) as TestRole[]).map(async (role) => ({ name: role, role, secretHash: await hashSecret(TEST_PINS[role]) })),
);

/** Logs `client` in as the user named after `role`. */
export async function loginAs(client: ContractClient, role: TestRole): Promise<Principal> {
  return (await client.request('session.login', { user: role, secret: TEST_PINS[role] })).principal;
}
