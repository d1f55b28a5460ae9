/**
 * Publishes the sticky top bar's height (header and alarm banner) as `--top-bar-height` on the document, so what
 * must not slide under it can keep clear: scroll padding (focus and anchors), dialog backdrops, sticky side panels.
 * The bar's height changes with the language, the window width and the banner.
 */
import { useEffect, type RefObject } from 'react';

export function useTopBarHeight(bar: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const element = bar.current;
    if (!element) return;
    const root = document.documentElement;
    const publish = () => root.style.setProperty('--top-bar-height', `${Math.ceil(element.getBoundingClientRect().height)}px`);
    publish();
    const observer = new ResizeObserver(publish);
    observer.observe(element);
    return () => {
      observer.disconnect();
      root.style.removeProperty('--top-bar-height');
    };
  }, [bar]);
}
