/** The crane side view's scale: one px-per-metre for both axes (drawn to scale), from the site's ranges. */

/** ISO container end: 2.44 m wide, 2.59 m high (the side view looks along the quay, at the container's end). */
export const CONTAINER_M = { width: 2.44, height: 2.59 } as const;
/** Spreader drawn as a bar slightly wider than the container. */
export const SPREADER_M = { width: 3, height: 0.5 } as const;
/** Trolley box on the girder. */
export const TROLLEY_M = { width: 6, height: 2.5 } as const;

/** Maps metres to SVG px. */
export interface CraneScale {
  pxPerM: number;
  width: number;
  height: number;
  /** Trolley position (m) → x px. */
  x(m: number): number;
  /** Height above the landing level (m) → y px (up is smaller y). */
  y(m: number): number;
  /** Height (m) of the quay line: one container below the landing level. */
  groundM: number;
  /** Height (m) of the girder's underside. */
  girderM: number;
}

const MARGIN = { left: 56, right: 16, top: 10, bottom: 40 } as const;

/** The scale for a drawing `widthPx` wide showing `trolleyRange` across and `hoistRange` up. */
export function craneScale(trolleyRange: readonly [number, number], hoistRange: readonly [number, number], widthPx: number): CraneScale {
  const groundM = hoistRange[0] - CONTAINER_M.height;
  const girderM = hoistRange[1] + 1.5;
  const topM = girderM + TROLLEY_M.height + 0.5;
  const pxPerM = (widthPx - MARGIN.left - MARGIN.right) / (trolleyRange[1] - trolleyRange[0]);
  const height = MARGIN.top + (topM - groundM) * pxPerM + MARGIN.bottom;
  return {
    pxPerM,
    width: widthPx,
    height,
    x: (m) => MARGIN.left + (m - trolleyRange[0]) * pxPerM,
    y: (m) => MARGIN.top + (topM - m) * pxPerM,
    groundM,
    girderM,
  };
}

/** Round-number tick positions every `step` within `range`. */
export function ticks(range: readonly [number, number], step: number): number[] {
  const out: number[] = [];
  for (let v = Math.ceil(range[0] / step) * step; v <= range[1] + 1e-9; v += step) out.push(Math.round(v * 1e6) / 1e6);
  return out;
}
