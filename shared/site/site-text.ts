/** Turns site-file bytes into text: size cap and strict UTF-8, each refusal located like every other site error. */

/** Largest site file accepted. A large real site (hundreds of equipment, thousands of tags) is well under 1 MiB. */
export const MAX_SITE_FILE_BYTES = 4 * 1024 * 1024;

/**
 * Most YAML separators (`,` `:` `-` `[` `{` and line breaks) a site file may hold. Every YAML node needs one, so this
 * bounds the parser's work before it starts: 2 million tiny items fit in 4 MiB and took the parser ~9 s. A real
 * site uses about one separator per 10 bytes, so it meets the byte cap first.
 */
export const MAX_SITE_SEPARATORS = 300_000;

/** Where and why the bytes were refused. */
export interface SiteTextProblem {
  line: number;
  col: number;
  message: string;
}

/** Byte length of the UTF-8 sequence starting at `i`, or 0 if it is not a well-formed sequence (RFC 3629). */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i]!;
  if (b0 < 0x80) return 1;
  let length: number;
  let min = 0x80;
  let max = 0xbf;
  if (b0 >= 0xc2 && b0 <= 0xdf) length = 2;
  else if (b0 >= 0xe0 && b0 <= 0xef) {
    length = 3;
    if (b0 === 0xe0) min = 0xa0; // overlong
    if (b0 === 0xed) max = 0x9f; // surrogates
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    length = 4;
    if (b0 === 0xf0) min = 0x90; // overlong
    if (b0 === 0xf4) max = 0x8f; // above U+10FFFF
  } else return 0;
  for (let k = 1; k < length; k++) {
    const b = bytes[i + k];
    if (b === undefined) return 0;
    if (k === 1 ? b < min || b > max : b < 0x80 || b > 0xbf) return 0;
  }
  return length;
}

/** Byte offset of the first byte that is not valid UTF-8, or -1. Linear, one pass. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const length = sequenceLength(bytes, i);
    if (length === 0) return i;
    i += length;
  }
  return -1;
}

function countSeparators(bytes: Uint8Array): number {
  let count = 0;
  for (const b of bytes) if (b === 0x2c || b === 0x3a || b === 0x2d || b === 0x5b || b === 0x7b || b === 0x0a) count += 1;
  return count;
}

/** 1-based line and column (in characters) of a byte offset in valid UTF-8 text before it. */
function positionOf(bytes: Uint8Array, offset: number): { line: number; col: number } {
  let line = 1;
  let col = 1;
  for (let i = 0; i < offset; i++) {
    const b = bytes[i]!;
    if (b === 0x0a) {
      line += 1;
      col = 1;
    } else if ((b & 0xc0) !== 0x80) col += 1; // count characters, not continuation bytes
  }
  return { line, col };
}

/** Decodes site-file bytes, or says why not (too large, not UTF-8) with the location of the first bad byte. */
export function decodeSiteText(bytes: Uint8Array): { text: string } | { problem: SiteTextProblem } {
  if (bytes.length > MAX_SITE_FILE_BYTES) {
    return { problem: { line: 1, col: 1, message: `file too large (${bytes.length} bytes; the limit is ${MAX_SITE_FILE_BYTES} bytes)` } };
  }
  const separators = countSeparators(bytes);
  if (separators > MAX_SITE_SEPARATORS) {
    return { problem: { line: 1, col: 1, message: `too many YAML entries (${separators} separators , : - [ { and line breaks; the limit is ${MAX_SITE_SEPARATORS})` } };
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const hex = bytes[bad]!.toString(16).padStart(2, '0');
    return { problem: { ...positionOf(bytes, bad), message: `not valid UTF-8 (byte 0x${hex} at byte offset ${bad}); save the file as UTF-8` } };
  }
  // Strict decoding already proven above; the decoder only strips a leading byte order mark.
  return { text: new TextDecoder('utf-8').decode(bytes) };
}
