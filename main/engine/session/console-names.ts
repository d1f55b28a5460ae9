/**
 * A console's name is what take-over prompts and the audit show of it, and each console chooses its own: a second one
 * naming itself as a console already connected ("CTRL-ROOM console") would be indistinguishable from it in both.
 * It is given a number instead ("CTRL-ROOM console (2)"), never refused (a console must always connect). The same
 * console coming back (its console key) keeps its name: its old session may linger until its socket is found dead.
 */

/** What a session shows of itself to this rule. */
export interface NamedConsole {
  readonly id: number;
  readonly label: string;
  readonly consoleKey: string | undefined;
}

/** `wanted`, or it numbered from 2 on, so that no other console (another key, or none) is shown by the same name. */
export function uniqueConsoleName(wanted: string, self: NamedConsole, others: Iterable<NamedConsole>): string {
  const taken = new Set<string>();
  for (const other of others) {
    if (other.id === self.id || (self.consoleKey !== undefined && other.consoleKey === self.consoleKey)) continue;
    taken.add(other.label.toLocaleLowerCase());
  }
  if (!taken.has(wanted.toLocaleLowerCase())) return wanted;
  for (let n = 2; ; n++) {
    const numbered = `${wanted} (${n})`;
    if (!taken.has(numbered.toLocaleLowerCase())) return numbered;
  }
}
