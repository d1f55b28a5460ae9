/**
 * Parses a site-file expression into a tree (recursive descent). Precedence, loosest first:
 * `or ||` < `and &&` < `not !` < comparisons (not chainable) < `+ -` < `* /` < unary `-` < literals, tags, calls, ( ).
 */
import type { ArithmeticOp, CompareOp, Expr, ExpressionProblem, FunctionName } from './ast';
import { tokenize, type Token } from './lexer';

/** Longest expression accepted; interlock conditions are one line, this is generous. */
export const MAX_EXPRESSION_LENGTH = 1000;
/** Deepest nesting accepted, so a hostile file cannot exhaust the stack. */
export const MAX_EXPRESSION_DEPTH = 32;

/** Words of the language: never tag names. */
export const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'true', 'false']);
const FUNCTIONS: Record<FunctionName, { min: number; max: number }> = { abs: { min: 1, max: 1 }, min: { min: 2, max: 16 }, max: { min: 2, max: 16 } };
const COMPARE_OPS = new Set(['==', '!=', '<', '<=', '>', '>=']);

/** Thrown inside the parser only; parseExpression turns it into a returned problem. */
class ParseError extends Error {
  constructor(readonly column: number, message: string) {
    super(message);
  }
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Expr {
    const expr = this.or();
    const next = this.peek();
    if (next.type !== 'end') throw new ParseError(next.column, `unexpected ${describe(next)} (missing "and"/"or"?)`);
    return expr;
  }

  private peek(): Token {
    return this.tokens[this.index]!;
  }

  private take(): Token {
    return this.tokens[this.index++]!;
  }

  /** Consumes the token if it is one of `words` (names or operators). */
  private accept(...words: string[]): { value: string; column: number } | undefined {
    const token = this.peek();
    if ((token.type === 'op' || token.type === 'name') && words.includes(token.value)) {
      this.index += 1;
      return token;
    }
    return undefined;
  }

  private nested<T>(column: number, parse: () => T): T {
    if (++this.depth > MAX_EXPRESSION_DEPTH) throw new ParseError(column, `nested deeper than ${MAX_EXPRESSION_DEPTH} levels`);
    try {
      return parse();
    } finally {
      this.depth -= 1;
    }
  }

  private or(): Expr {
    let left = this.and();
    for (let op = this.accept('or', '||'); op; op = this.accept('or', '||')) left = { kind: 'logic', op: 'or', left, right: this.and(), column: op.column };
    return left;
  }

  private and(): Expr {
    let left = this.not();
    for (let op = this.accept('and', '&&'); op; op = this.accept('and', '&&')) left = { kind: 'logic', op: 'and', left, right: this.not(), column: op.column };
    return left;
  }

  private not(): Expr {
    const op = this.accept('not', '!');
    if (op) return this.nested(op.column, () => ({ kind: 'not', operand: this.not(), column: op.column }));
    return this.comparison();
  }

  private comparison(): Expr {
    const left = this.additive();
    const op = this.peek();
    if (op.type !== 'op' || !COMPARE_OPS.has(op.value)) return left;
    this.take();
    const right = this.additive();
    const again = this.peek();
    if (again.type === 'op' && COMPARE_OPS.has(again.value)) throw new ParseError(again.column, 'comparisons cannot be chained; join them with "and"');
    return { kind: 'compare', op: op.value as CompareOp, left, right, column: op.column };
  }

  private additive(): Expr {
    let left = this.multiplicative();
    for (let op = this.accept('+', '-'); op; op = this.accept('+', '-')) {
      left = { kind: 'arithmetic', op: op.value as ArithmeticOp, left, right: this.multiplicative(), column: op.column };
    }
    return left;
  }

  private multiplicative(): Expr {
    let left = this.unary();
    for (let op = this.accept('*', '/'); op; op = this.accept('*', '/')) {
      left = { kind: 'arithmetic', op: op.value as ArithmeticOp, left, right: this.unary(), column: op.column };
    }
    return left;
  }

  private unary(): Expr {
    const op = this.accept('-');
    if (op) return this.nested(op.column, () => ({ kind: 'negate', operand: this.unary(), column: op.column }));
    return this.primary();
  }

  private primary(): Expr {
    const token = this.take();
    if (token.type === 'number' || token.type === 'string') return { kind: 'literal', value: token.value, column: token.column };
    if (token.type === 'op' && token.value === '(') {
      const inner = this.nested(token.column, () => this.or());
      if (!this.accept(')')) throw new ParseError(this.peek().column, `missing ")" for the "(" at column ${token.column + 1}`);
      return inner;
    }
    if (token.type === 'name') return this.name(token.value, token.column);
    throw new ParseError(token.column, `expected a value, tag or "(" but found ${describe(token)}`);
  }

  private name(word: string, column: number): Expr {
    if (word === 'true' || word === 'false') return { kind: 'literal', value: word === 'true', column };
    if (KEYWORDS.has(word)) throw new ParseError(column, `"${word}" needs a value before it`);
    if (this.accept('(')) return this.call(word, column);
    if (!this.accept('.')) return { kind: 'ref', ref: { tag: word }, column };
    const tag = this.take();
    if (tag.type !== 'name' || KEYWORDS.has(tag.value)) throw new ParseError(tag.column, `expected a tag name after "${word}."`);
    return { kind: 'ref', ref: { equipment: word, tag: tag.value }, column };
  }

  private call(word: string, column: number): Expr {
    if (!(word in FUNCTIONS)) throw new ParseError(column, `unknown function "${word}" (known: ${Object.keys(FUNCTIONS).join(', ')})`);
    const name = word as FunctionName;
    const args: Expr[] = [];
    if (!this.accept(')')) {
      do args.push(this.nested(column, () => this.or()));
      while (this.accept(','));
      if (!this.accept(')')) throw new ParseError(this.peek().column, `missing ")" after the arguments of ${name}`);
    }
    const { min, max } = FUNCTIONS[name];
    if (args.length < min || args.length > max) {
      throw new ParseError(column, `${name} takes ${min === max ? min : `${min} to ${max}`} argument${max === 1 ? '' : 's'}, not ${args.length}`);
    }
    return { kind: 'call', name, args, column };
  }
}

function describe(token: Token): string {
  if (token.type === 'end') return 'the end of the expression';
  if (token.type === 'string') return 'a string';
  return `"${token.value}"`;
}

/** The tree of `source`, or the first problem with its 0-based column. Never throws. */
export function parseExpression(source: string): { ok: true; expr: Expr } | { ok: false; problem: ExpressionProblem } {
  if (source.length > MAX_EXPRESSION_LENGTH) return { ok: false, problem: { column: 0, message: `expression longer than ${MAX_EXPRESSION_LENGTH} characters` } };
  const tokens = tokenize(source);
  if (!Array.isArray(tokens)) return { ok: false, problem: tokens };
  try {
    return { ok: true, expr: new Parser(tokens).parse() };
  } catch (error) {
    if (error instanceof ParseError) return { ok: false, problem: { column: error.column, message: error.message } };
    throw error;
  }
}
