import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hashSecret, verifySecret } from '../../../main/engine/auth/secret-hash';
import { secretHashProblem } from '../../../shared/site/secret-hash-format';
import { parseSiteText } from '../../../shared/site/parse';

describe('user secrets', () => {
  it('hashes with a fresh salt and verifies only the right secret', async () => {
    const a = await hashSecret('4711');
    const b = await hashSecret('4711');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifySecret('4711', a)).toBe(true);
    expect(await verifySecret('4712', a)).toBe(false);
  });

  it('treats malformed or hostile stored hashes as a mismatch, never a throw', async () => {
    for (const stored of ['', 'plain', 'scrypt$1$8$1$c2FsdHNhbHQ=$AAAA', 'scrypt$1073741824$8$1$c2FsdHNhbHQ=$' + 'A'.repeat(44), 'bcrypt$x$y$z$a$b']) {
      expect(await verifySecret('4711', stored)).toBe(false);
    }
  });

  it('a usable hash passes the load-time check; one that could never verify, or would cost gigabytes per attempt, does not', async () => {
    expect(secretHashProblem(await hashSecret('4711'))).toBeUndefined();
    const salt = 'c2FsdHNhbHQ=';
    const key = 'A'.repeat(43) + '=';
    expect(secretHashProblem(`scrypt$1048576$32$16$${salt}$${key}`)).toMatch(/MiB per login/); // 4 GiB
    expect(secretHashProblem(`scrypt$16384$8$16$${salt}$${key}`)).toMatch(/N·r·p/); // 16× the work
    expect(secretHashProblem(`scrypt$1000$8$1$AAAA$AAAA`)).toMatch(/power of 2/);
    expect(secretHashProblem(`scrypt$16384$8$1$AAAA$${key}`)).toMatch(/salt/);
    expect(secretHashProblem(`scrypt$16384$8$1$${salt}$AAAA`)).toMatch(/32 bytes/);
    expect(secretHashProblem('plain')).toMatch(/scrypt\$N/);
  });

  it('a hash with p larger than N (within the bounds) verifies or fails, never throws', async () => {
    const key = 'A'.repeat(43) + '=';
    for (const stored of [`scrypt$2$1$1$c2FsdHNhbHQ=$${key}`, `scrypt$2$1$3$c2FsdHNhbHQ=$${key}`]) {
      await expect(verifySecret('4711', stored)).resolves.toBe(false);
    }
  });

  it('the demo site users verify with their documented demo PINs', async () => {
    const result = parseSiteText(readFileSync('main/sim/demo-site.yaml', 'utf8'), 'demo');
    if (!result.ok) throw new Error('demo site invalid');
    const pins: Record<string, string> = { viewer: '1111', operator: '2222', maintenance: '3333', admin: '4444' };
    for (const user of result.site.users) expect(await verifySecret(pins[user.name]!, user.secretHash), user.name).toBe(true);
    expect(result.site.users.map((u) => u.role)).toEqual(['viewer', 'operator', 'maintenance', 'admin']);
  });
});
