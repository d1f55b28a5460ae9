/**
 * Whether the header's link badges fit on its one row. The badges never clip: where they would not fit (about
 * 1,200 px and narrower, with the demo's three equipment), the navigation moves to a line of its own below and gives
 * them its room. Decided from widths that do not depend on the choice (the badges' own width, every other item's, the
 * header's), so it never flips back and forth.
 */

/** The widths (px) the choice is made from. */
export interface HeaderWidths {
  /** The header's width inside its padding. */
  content: number;
  /** The gap between two items. */
  gap: number;
  /** Every item but the link area, navigation included. */
  others: readonly number[];
  /** What the link badges need (their block's own width). */
  links: number;
}

/** True when everything, the link badges included, fits on one row. */
export function linksFitOneRow({ content, gap, others, links }: HeaderWidths): boolean {
  const taken = others.reduce((sum, width) => sum + width, 0) + gap * others.length; // one gap per other item
  return links <= content - taken + 0.5; // half a pixel for subpixel rounding
}
