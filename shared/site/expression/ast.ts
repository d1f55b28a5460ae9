/** The syntax tree of a site-file expression; every node keeps its 0-based column in the source for error messages. */

/** A tag read by an expression: a tag of the same equipment, or `equipment.tag` of another one. */
export interface TagRef {
  equipment?: string;
  tag: string;
}

/** Comparison operators; bools compare as 1 and 0 against numbers. */
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
/** Arithmetic operators. */
export type ArithmeticOp = '+' | '-' | '*' | '/';
/** Built-in functions. */
export type FunctionName = 'abs' | 'min' | 'max';

/** One node of the tree. */
export type Expr =
  | { kind: 'literal'; value: number | boolean | string; column: number }
  | { kind: 'ref'; ref: TagRef; column: number }
  | { kind: 'not'; operand: Expr; column: number }
  | { kind: 'negate'; operand: Expr; column: number }
  | { kind: 'logic'; op: 'and' | 'or'; left: Expr; right: Expr; column: number }
  | { kind: 'compare'; op: CompareOp; left: Expr; right: Expr; column: number }
  | { kind: 'arithmetic'; op: ArithmeticOp; left: Expr; right: Expr; column: number }
  | { kind: 'call'; name: FunctionName; args: Expr[]; column: number };

/** A problem in an expression at a 0-based column of its source. */
export interface ExpressionProblem {
  column: number;
  message: string;
}

/** `equipment.tag` or `tag`, as written. */
export function formatRef(ref: TagRef): string {
  return ref.equipment === undefined ? ref.tag : `${ref.equipment}.${ref.tag}`;
}
