/**
 * Text with no control, format (the bidirectional controls among them) or line-separator character: names people
 * type and read (users, consoles), which can then forge no line of a log or an audit tail, and reorder nothing shown.
 */
export const PRINTABLE = /^[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+$/u;
