/**
 * Names people type and read (users, consoles): no control character, line or paragraph separator, bidirectional
 * control, or invisible space (zero-width space, word joiner, byte-order mark). Such a name could forge a line of a
 * log or an audit tail, show its text in another order than it is stored, or look like another name. Format
 * characters that scripts need (the zero-width joiner and non-joiner of Persian and Indic names, the soft hyphen) stay.
 */
export const PRINTABLE = /^[^\p{Cc}\p{Zl}\p{Zp}\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]+$/u;
