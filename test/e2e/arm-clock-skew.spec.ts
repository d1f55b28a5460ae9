/**
 * Arm → Confirm with this window's clock off the engine's (a browser on another machine, clock skew): the countdown
 * shows the engine's arm time, not the clocks' difference. The engine sends its own clock's expiry; the window turns
 * it into time left with the measured engine clock offset. A window an hour behind once counted down an hour; one a
 * minute ahead dropped the arm at once. Screenshot: arm-clock-skew-behind.png, arm-clock-skew-ahead.png.
 */
import { expect, test, type Page } from '@playwright/test';
import { CRANE_PANEL, demoStackOfFile, operatorInControl, SHOTS } from './support';

const stack = demoStackOfFile();

/** Shifts this page's `Date.now()` by `skewMs` before any app script runs (the engine's clock stays true). */
async function skewClock(page: Page, skewMs: number): Promise<void> {
  await page.addInitScript((skew) => {
    const realNow = Date.now.bind(Date);
    Date.now = () => realNow() + skew;
  }, skewMs);
}

for (const [name, skewMs] of [
  ['behind', -3_600_000],
  ['ahead', 60_000],
] as const) {
  test(`a window clock an hour or a minute off (${name}) counts down the engine's arm, and the Confirm goes through`, async ({ page }) => {
    await skewClock(page, skewMs);
    await page.goto(`${stack().url}${CRANE_PANEL}`);
    await operatorInControl(page);
    const lock = page.getByTestId('command-spreaderLock');
    await lock.getByRole('button', { name: 'Arm: Lock twistlocks' }).click();
    const note = lock.locator('.armed-note');
    // Within the engine's arm time (10 s), not the clocks' difference, and not already run out.
    const secondsLeft = async () => Number(/within (\d+) s/.exec((await note.textContent()) ?? '')?.[1] ?? Number.NaN);
    await expect.poll(secondsLeft).toBeGreaterThanOrEqual(1);
    expect(await secondsLeft()).toBeLessThanOrEqual(10);
    await page.screenshot({ path: `${SHOTS}/arm-clock-skew-${name}.png` });
    await lock.getByRole('button', { name: 'Confirm: Lock twistlocks' }).click();
    await expect(page.getByTestId('outcome-spreaderLock')).toContainText('Done — confirmed by the device');
    await page.getByRole('button', { name: 'Release control' }).click();
    await expect(page.getByRole('button', { name: 'Take control' })).toBeVisible();
  });
}
