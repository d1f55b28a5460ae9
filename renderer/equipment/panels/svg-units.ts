/**
 * Screen-sized text in a drawing that scales to its column. A drawing's viewBox is fixed (geometry in user units), so
 * its labels scale with the column: 16-unit labels drew at 5 px on a 1024 px screen and at 22 px on a 1920 px one.
 * This keeps `--svg-u` (user units per CSS pixel) on the SVG, and the drawings' CSS sizes text in pixels with it.
 */
import { useLayoutEffect, useRef } from 'react';

/** A ref for an SVG `viewBoxWidth` units wide; sets `--svg-u` before paint and on every resize. */
export function useSvgUnits<T extends SVGSVGElement>(viewBoxWidth: number) {
  const ref = useRef<T>(null);
  useLayoutEffect(() => {
    const svg = ref.current;
    if (!svg) return undefined;
    const update = () => {
      const width = svg.getBoundingClientRect().width;
      if (width > 0) svg.style.setProperty('--svg-u', (viewBoxWidth / width).toFixed(4));
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(svg);
    return () => observer.disconnect();
  }, [viewBoxWidth]);
  return ref;
}
