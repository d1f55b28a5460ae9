/** First-order motor heating shared by the machine models. */

/** Motor temperature after dtS seconds: heats with relative speed and load, cools toward ambient (tau 10 min). */
export function motorHeat(tempC: number, ambientC: number, speed: number, maxSpeed: number, loadRatio: number, dtS: number): number {
  // Full speed at full load settles 75 K above ambient.
  const power = (Math.abs(speed) / maxSpeed) * (1 + loadRatio);
  return tempC + dtS * (0.0625 * power - (tempC - ambientC) / 600);
}
