/**
 * Names people type and read — a login's user, a console's name — carry no control, format (bidirectional) or
 * line-separator character: the engine refuses such a request before anything records it.
 */
import { describe, expect, it } from 'vitest';
import { controlRequests } from '../../../shared/contract/requests/control';
import { coreRequests } from '../../../shared/contract/requests/core';

const login = (user: string) => controlRequests['session.login'].request.safeParse({ user, secret: '1234' }).success;
const hello = (consoleName: string) => coreRequests['engine.hello'].request.safeParse({ client: 'test', consoleName }).success;

describe('printable names', () => {
  it('a login user name with a newline, an escape, a bidirectional override or a line separator is a bad request', () => {
    for (const user of ['x\n#30 trust admin', 'op\u001b[8m', 'night\u202eshift', 'a\u2028b', 'tab\tname', 'zero\u200bwidth', 'iso\u2066late', 'bom\ufeff']) expect(login(user), JSON.stringify(user)).toBe(false);
  });

  it('ordinary names pass, in any script', () => {
    for (const user of ['operator', 'Anna Müller', '王小明', "O'Brien-2", 'می\u200cخواهم', 'क्\u200dष', 'Hyphen\u00adated']) expect(login(user), user).toBe(true);
    expect(hello('Browser console 5818')).toBe(true);
    expect(hello('控制室 1')).toBe(true);
    expect(hello('CTRL\u202eROOM')).toBe(false);
  });
});
