import { describe, expect, it } from 'vitest';
import { MAX_EXPRESSION_DEPTH, parseExpression, type Expr } from '../../../../shared/site/expression';

/** The tree as a fully parenthesised string, to check precedence and associativity. */
function show(expr: Expr): string {
  switch (expr.kind) {
    case 'literal': return typeof expr.value === 'string' ? JSON.stringify(expr.value) : String(expr.value);
    case 'ref': return expr.ref.equipment ? `${expr.ref.equipment}.${expr.ref.tag}` : expr.ref.tag;
    case 'not': return `(not ${show(expr.operand)})`;
    case 'negate': return `(-${show(expr.operand)})`;
    case 'call': return `${expr.name}(${expr.args.map(show).join(', ')})`;
    default: return `(${show(expr.left)} ${expr.op} ${show(expr.right)})`;
  }
}

const tree = (source: string): string => {
  const parsed = parseExpression(source);
  if (!parsed.ok) throw new Error(`${parsed.problem.column}: ${parsed.problem.message}`);
  return show(parsed.expr);
};

const problem = (source: string) => {
  const parsed = parseExpression(source);
  return parsed.ok ? undefined : parsed.problem;
};

describe('expression parser', () => {
  it.each([
    ['remoteMode == 1', '(remoteMode == 1)'],
    ['a == 0 || b < 0.5', '((a == 0) or (b < 0.5))'],
    ['a or b and c', '(a or (b and c))'],
    ['a && b || c && d', '((a and b) or (c and d))'],
    ['not a == 1 and b', '((not (a == 1)) and b)'],
    ['!a || !!b', '((not a) or (not (not b)))'],
    ['1 + 2 * 3 - 4 / 2', '((1 + (2 * 3)) - (4 / 2))'],
    ['a - b - c', '((a - b) - c)'],
    ['-a * -2 > -1e3', '(((-a) * (-2)) > (-1000))'],
    ['(a or b) and c', '((a or b) and c)'],
    ['abs(speed - ref) <= max(0.1, min(a, b, c))', '(abs((speed - ref)) <= max(0.1, min(a, b, c)))'],
    ['mode == "remote" and crane1.ready', '((mode == "remote") and crane1.ready)'],
    ["label != 'it''s'".replace("''", "\\'"), '(label != "it\'s")'],
    ['true and not false', '(true and (not false))'],
    ['.5 < x', '(0.5 < x)'],
  ])('%s parses as %s', (source, expected) => {
    expect(tree(source)).toBe(expected);
  });

  it.each([
    ['windHigh = 0', 9, 'use "==" to compare'],
    ['a == ', 5, 'expected a value, tag or "(" but found the end of the expression'],
    ['(a == 1', 7, 'missing ")" for the "(" at column 1'],
    ['a == 1 b', 7, 'unexpected "b"'],
    ['1 < a < 3', 6, 'comparisons cannot be chained'],
    ['a and or b', 6, '"or" needs a value before it'],
    ['sqrt(a) > 1', 0, 'unknown function "sqrt"'],
    ['abs(a, b) > 1', 0, 'abs takes 1 argument, not 2'],
    ['min(a) > 1', 0, 'min takes 2 to 16 arguments, not 1'],
    ['"open', 0, 'string is not closed'],
    ['a # b', 2, 'unexpected character "#"'],
    ['3x > 1', 1, 'unexpected "x" after a number'],
    ['crane. > 1', 7, 'expected a tag name after "crane."'],
  ])('%s fails at column %i: %s', (source, column, message) => {
    expect(problem(source)).toEqual({ column, message: expect.stringContaining(message) });
  });

  it('refuses nesting beyond the depth limit and over-long input, without exhausting the stack', () => {
    const deep = `${'('.repeat(MAX_EXPRESSION_DEPTH + 1)}a${')'.repeat(MAX_EXPRESSION_DEPTH + 1)}`;
    expect(problem(deep)?.message).toContain(`nested deeper than ${MAX_EXPRESSION_DEPTH} levels`);
    expect(problem('not '.repeat(200) + 'a')?.message).toContain('nested deeper');
    expect(problem('a or '.repeat(300) + 'a')?.message).toContain('longer than');
    expect(tree(`${'('.repeat(MAX_EXPRESSION_DEPTH)}a${')'.repeat(MAX_EXPRESSION_DEPTH)}`)).toBe('a');
  });
});
