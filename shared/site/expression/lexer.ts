/** Splits an expression into tokens; no eval, no Function: a hand-written scanner over the characters. */
import type { ExpressionProblem } from './ast';

/** One token with its 0-based column. */
export type Token =
  | { type: 'number'; value: number; column: number }
  | { type: 'string'; value: string; column: number }
  | { type: 'name'; value: string; column: number }
  | { type: 'op'; value: string; column: number }
  | { type: 'end'; column: number };

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '+', '-', '*', '/', '(', ')', ',', '.'];
const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;
const NUMBER = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/;

function readString(source: string, start: number): { value: string; end: number } | ExpressionProblem {
  const quote = source[start];
  let value = '';
  for (let i = start + 1; i < source.length; i++) {
    const c = source[i]!;
    if (c === quote) return { value, end: i + 1 };
    if (c === '\\' && i + 1 < source.length) {
      value += source[++i];
      continue;
    }
    value += c;
  }
  return { column: start, message: 'string is not closed' };
}

/** The tokens of `source`, ending with an `end` token, or the first problem. */
export function tokenize(source: string): Token[] | ExpressionProblem {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i += 1;
    } else if (/\d/.test(c) || (c === '.' && /\d/.test(source[i + 1] ?? ''))) {
      const match = NUMBER.exec(source.slice(i, i + 64))!;
      tokens.push({ type: 'number', value: Number(match[0]), column: i });
      i += match[0].length;
      if (NAME_START.test(source[i] ?? '')) return { column: i, message: `unexpected "${source[i]}" after a number` };
    } else if (c === '"' || c === "'") {
      const read = readString(source, i);
      if ('message' in read) return read;
      tokens.push({ type: 'string', value: read.value, column: i });
      i = read.end;
    } else if (NAME_START.test(c)) {
      let end = i + 1;
      while (end < source.length && NAME_PART.test(source[end]!)) end += 1;
      tokens.push({ type: 'name', value: source.slice(i, end), column: i });
      i = end;
    } else {
      const op = OPERATORS.find((candidate) => source.startsWith(candidate, i));
      if (!op) return { column: i, message: c === '=' ? 'use "==" to compare' : `unexpected character "${c}"` };
      tokens.push({ type: 'op', value: op, column: i });
      i += op.length;
    }
  }
  tokens.push({ type: 'end', column: source.length });
  return tokens;
}
