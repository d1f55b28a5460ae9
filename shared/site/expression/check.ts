/** Load-time checks of a parsed expression: every tag known, every operator given values of the right kind. */
import { formatRef, type Expr, type ExpressionProblem, type TagRef } from './ast';

/** What a value is, for checking: bools also count as 1/0 where a number is expected (`remoteMode == 1`). */
export type ValueKind = 'bool' | 'number' | 'string';

/**
 * Resolves a tag reference to its kind (undefined: the tag exists but cannot be checked, e.g. it has errors of its
 * own), or says why it is unknown (e.g. with the known names).
 */
export type ResolveTag = (ref: TagRef) => { kind: ValueKind | undefined } | { unknown: string };

const numeric = (kind: ValueKind): boolean => kind !== 'string';

/** Kind of `expr`, collecting every problem (not only the first) into `problems`. */
function kindOf(expr: Expr, resolve: ResolveTag, problems: ExpressionProblem[]): ValueKind | undefined {
  const need = (child: Expr, ok: (kind: ValueKind) => boolean, what: string): void => {
    const kind = kindOf(child, resolve, problems);
    if (kind !== undefined && !ok(kind)) problems.push({ column: child.column, message: `${what} needs ${kind === 'string' ? 'a number or bool, not a string' : 'a string'}` });
  };
  switch (expr.kind) {
    case 'literal':
      return typeof expr.value === 'boolean' ? 'bool' : typeof expr.value === 'number' ? 'number' : 'string';
    case 'ref': {
      const resolved = resolve(expr.ref);
      if ('kind' in resolved) return resolved.kind;
      problems.push({ column: expr.column, message: resolved.unknown });
      return undefined;
    }
    case 'not':
    case 'logic':
      for (const child of expr.kind === 'not' ? [expr.operand] : [expr.left, expr.right]) need(child, numeric, `"${expr.kind === 'not' ? 'not' : expr.op}"`);
      return 'bool';
    case 'negate':
      need(expr.operand, numeric, '"-"');
      return 'number';
    case 'arithmetic':
      need(expr.left, numeric, `"${expr.op}"`);
      need(expr.right, numeric, `"${expr.op}"`);
      return 'number';
    case 'call':
      for (const arg of expr.args) need(arg, numeric, expr.name);
      return 'number';
    case 'compare': {
      const left = kindOf(expr.left, resolve, problems);
      const right = kindOf(expr.right, resolve, problems);
      if (left === undefined || right === undefined) return 'bool';
      const ordering = expr.op !== '==' && expr.op !== '!=';
      if ((left === 'string') !== (right === 'string')) problems.push({ column: expr.column, message: `"${expr.op}" compares a string with a ${left === 'string' ? right : left}` });
      else if (ordering && left === 'string') problems.push({ column: expr.column, message: `"${expr.op}" needs numbers; strings compare only with == and !=` });
      return 'bool';
    }
  }
}

/** Column where `expr` starts (binary nodes keep their operator's column). */
function startOf(expr: Expr): number {
  return expr.kind === 'logic' || expr.kind === 'compare' || expr.kind === 'arithmetic' ? startOf(expr.left) : expr.column;
}

/** Every problem of a condition: unknown tags, wrong kinds, and a result that is not true/false. */
export function checkCondition(expr: Expr, resolve: ResolveTag): ExpressionProblem[] {
  const problems: ExpressionProblem[] = [];
  const kind = kindOf(expr, resolve, problems);
  if (kind !== undefined && kind !== 'bool' && problems.length === 0) {
    problems.push({ column: startOf(expr), message: `a condition must be true or false, but this gives a ${kind} (compare it, e.g. "${expr.kind === 'ref' ? formatRef(expr.ref) : '…'} > 0")` });
  }
  return problems;
}

/** Every tag an expression reads, once each, in reading order. */
export function expressionTags(expr: Expr): TagRef[] {
  const seen = new Map<string, TagRef>();
  const visit = (node: Expr): void => {
    switch (node.kind) {
      case 'ref':
        if (!seen.has(formatRef(node.ref))) seen.set(formatRef(node.ref), node.ref);
        return;
      case 'not':
      case 'negate':
        return visit(node.operand);
      case 'logic':
      case 'compare':
      case 'arithmetic':
        visit(node.left);
        return visit(node.right);
      case 'call':
        return node.args.forEach(visit);
      case 'literal':
        return;
    }
  };
  visit(expr);
  return [...seen.values()];
}
