/** Console names shown to others are distinct: a second console taking a name in use is numbered, never refused. */
import { describe, expect, it } from 'vitest';
import { uniqueConsoleName, type NamedConsole } from '../../../main/engine/session/console-names';

const consoleOf = (id: number, label: string, consoleKey?: string): NamedConsole => ({ id, label, consoleKey });

describe('unique console names', () => {
  it('keeps a free name, numbers a taken one from 2 past every number in use, comparing without case', () => {
    const me = consoleOf(9, 'ws:1', 'k9');
    expect(uniqueConsoleName('Desk', me, [consoleOf(1, 'Other', 'k1')])).toBe('Desk');
    expect(uniqueConsoleName('Desk', me, [consoleOf(1, 'desk', 'k1')])).toBe('Desk (2)');
    expect(uniqueConsoleName('Desk', me, [consoleOf(1, 'Desk', 'k1'), consoleOf(2, 'Desk (2)', undefined)])).toBe('Desk (3)');
  });

  it('ignores the session itself and the same console (its key) still connected from before', () => {
    const me = consoleOf(9, 'Desk', 'k9');
    expect(uniqueConsoleName('Desk', me, [me])).toBe('Desk');
    expect(uniqueConsoleName('Desk', me, [consoleOf(3, 'Desk', 'k9')])).toBe('Desk');
    // Without a key, a lingering session of the same name cannot be told from another console.
    expect(uniqueConsoleName('Desk', consoleOf(9, 'ws:1', undefined), [consoleOf(3, 'Desk', undefined)])).toBe('Desk (2)');
  });
});
