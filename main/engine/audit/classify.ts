/**
 * Names what broke the chain at a line: an edit, a deletion, an insertion or a reordering. It looks at the chain
 * around the line: who the entry claims to follow (`prev`), whether a later entry follows it, and seq numbers.
 */
import type { AuditEntry } from './entry';

/** What kind of damage a verifier reports. */
export type AuditProblemKind = 'edited' | 'deleted' | 'inserted' | 'reordered' | 'torn' | 'malformed';

/** The first problem found, with its place. */
export interface AuditProblem {
  file: string;
  line: number;
  kind: AuditProblemKind;
  message: string;
}

/** One parsed, self-consistent line of a file. */
export interface Row {
  line: number;
  entry: AuditEntry;
}

/** What the chain expects at the line being classified. */
export interface ChainState {
  seq: number;
  hash: string;
  /** Where the last verified entry is. */
  at?: { file: string; line: number };
  /** Seq → line and hash of the entries verified so far in this file. */
  seen: Map<number, { line: number; hash: string }>;
}

/** Classifies the entry at rows[i], which does not continue the chain (`state`); rows after it are lookahead. */
export function classifyBreak(file: string, rows: readonly Row[], i: number, state: ChainState): AuditProblem {
  const { entry: x, line } = rows[i] as Row;
  const expected = state.seq + 1;
  const later = rows.slice(i + 1);
  const problem = (kind: AuditProblemKind, message: string, where = { file, line }): AuditProblem => ({ ...where, kind, message });
  const previousLine = state.at ?? { file, line: line - 1 };

  const follows = later.find((r) => r.entry.hash === x.prev);
  if (follows) return problem('reordered', `seq ${x.seq} stands before seq ${follows.entry.seq} (line ${follows.line}), the entry it follows`);

  const genuine = later.some((r) => r.entry.prev === x.hash);
  if (genuine) {
    // A later entry continues from this one: it belongs to the chain, so the damage is around it.
    if (x.seq > expected) {
      const missing = later.find((r) => r.entry.seq === expected);
      if (missing) return problem('reordered', `seq ${x.seq} stands where seq ${expected} belongs; seq ${expected} is at line ${missing.line}`);
      return problem('deleted', `${describeGap(expected, x.seq - 1)} missing before this line`);
    }
    if (x.seq < expected) {
      const twin = state.seen.get(x.seq);
      if (twin && twin.hash === x.hash) return problem('inserted', `a copy of seq ${x.seq} (line ${twin.line})`);
      if (twin) return problem('inserted', `line ${twin.line} claims seq ${x.seq}, which line ${line} holds in the chain`, { file, line: twin.line });
      return problem('reordered', `seq ${x.seq} stands after seq ${state.seq}`);
    }
    return problem('edited', `changed and re-hashed: line ${line} (seq ${x.seq}) no longer follows it`, previousLine);
  }

  const next = later[0];
  if (next && next.entry.prev === state.hash) return problem('inserted', `the chain skips this entry (seq ${x.seq}): line ${next.line} follows line ${previousLine.line}`);
  if (x.prev === state.hash) return problem('inserted', `seq ${x.seq} where seq ${expected} was expected`);
  if (x.seq > expected) return problem('deleted', `${describeGap(expected, x.seq - 1)} missing before this line`);
  if (x.seq === expected) return problem('edited', `changed and re-hashed: line ${line} (seq ${x.seq}) no longer follows it`, previousLine);
  return problem('inserted', `seq ${x.seq} repeats or goes back (expected ${expected})`);
}

function describeGap(from: number, to: number): string {
  return from === to ? `entry seq ${from} is` : `entries seq ${from}..${to} are`;
}
