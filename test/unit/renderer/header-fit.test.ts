import { expect, it } from 'vitest';
import { linksFitOneRow } from '../../../renderer/app/header-fit';

it('the badges fit on one row while the room the other items leave (one gap each) holds their width', () => {
  // 1000 px inside the padding, 8 px gaps, five other items of 600 px in all: 1000 − 600 − 40 = 360 px left.
  const others = [90, 300, 50, 80, 80];
  expect(linksFitOneRow({ content: 1000, gap: 8, others, links: 360 })).toBe(true);
  expect(linksFitOneRow({ content: 1000, gap: 8, others, links: 360.4 })).toBe(true); // subpixel rounding
  expect(linksFitOneRow({ content: 1000, gap: 8, others, links: 361 })).toBe(false);
});

it('a wider window, a shorter label or a narrower item brings the one row back', () => {
  const others = [90, 300, 50, 80, 80];
  expect(linksFitOneRow({ content: 1000, gap: 8, others, links: 400 })).toBe(false);
  expect(linksFitOneRow({ content: 1040, gap: 8, others, links: 400 })).toBe(true);
  expect(linksFitOneRow({ content: 1000, gap: 8, others: [90, 260, 50, 80, 80], links: 400 })).toBe(true);
});
