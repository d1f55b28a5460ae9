/**
 * Keeps the header's link badges whole (header-fit.ts): watches the header, its items and the badges' block, and
 * says when the navigation must take a line of its own. Once two lines, it stays so until the window's width
 * changes: a link that degrades, then recovers, must not move the page under the operator's hand twice (a held jog
 * button sliding away), only once.
 */
import { useLayoutEffect, useState, type RefObject } from 'react';
import { linksFitOneRow } from './header-fit';

/** True when the header must put its navigation on a second line. */
export function useHeaderNarrow(header: RefObject<HTMLElement | null>, linkArea: string, badges: string): boolean {
  const [narrow, setNarrow] = useState(false);
  // Before the first paint: a window opening narrow never shows clipped badges for a frame.
  useLayoutEffect(() => {
    const element = header.current;
    if (!element) return;
    let narrowAt: number | undefined; // the header's width when it went to two lines
    const decide = () => {
      const area = element.querySelector(linkArea);
      const block = element.querySelector<HTMLElement>(badges);
      if (!area || !block) return;
      if (narrowAt === element.clientWidth) return; // two lines at this width already: stays so
      const style = getComputedStyle(element);
      const others = [...element.children].filter((child) => child !== area).map((child) => child.getBoundingClientRect().width);
      const content = element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const fits = linksFitOneRow({ content, gap: parseFloat(style.columnGap) || 0, others, links: block.getBoundingClientRect().width });
      narrowAt = fits ? undefined : element.clientWidth;
      setNarrow(!fits);
    };
    decide();
    // The header's width, and any item's (a login, a language, a badge's text): each can change the answer.
    const observer = new ResizeObserver(decide);
    observer.observe(element);
    for (const child of element.children) observer.observe(child);
    const block = element.querySelector(badges);
    if (block) observer.observe(block);
    return () => observer.disconnect();
  }, [header, linkArea, badges]);
  return narrow;
}
