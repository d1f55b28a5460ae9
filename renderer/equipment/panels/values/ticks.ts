/** Gauge tick labels: as many decimals as the tick step needs, so a narrow range never reads "0, 1, 1, 2, 2". */

/** Decimals that show every tick of `step` distinctly (0.5 → 1, 0.25 → 2, 5 → 0). */
export function tickDecimals(step: number): number {
  if (!(step > 0) || step >= 1) return 0;
  for (let d = 1; d < 6; d++) if (Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-9) return d;
  return 6;
}
