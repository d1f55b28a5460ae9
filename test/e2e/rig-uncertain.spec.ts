/**
 * An uncertain value from a real OPC UA server, in the browser against the demo stack through serve mode: the rig
 * simulator's `Rig.Sim.DepthUncertain` switch makes the hole depth arrive with an Uncertain status (value still
 * delivered), no route tampering. The rig panel's readout, its "All signals" row and the overview tile name it
 * uncertain with its number, the other rig values stay live; switched off, it reads live again. Screenshots:
 * rig-uncertain-panel-en.png, rig-uncertain-tile-en.png.
 */
import { expect, test, type Locator } from '@playwright/test';
import { startDemoStack, type DemoStack } from '../support/demo-stack';
import { SHOTS, setSimRigUncertain, trustRigSimulator } from './support';

let stack: DemoStack;
test.beforeAll(async () => {
  stack = await startDemoStack();
});
test.afterAll(async () => stack?.close());

const RIG_PANEL = '#/equipment/drill-rig-1';

/** The place reads uncertain: named so, dimmed class, with its number still shown. */
async function expectUncertain(place: Locator, number: Locator): Promise<void> {
  await expect(place).toHaveClass(/not-live value-uncertain/, { timeout: 30_000 });
  await expect(place.getByTestId('value-status')).toHaveText('uncertain');
  await expect(number).toHaveText(/^-?\d+(\.\d+)?$/);
}

/** The place reads live: good, no status word. */
async function expectLive(place: Locator): Promise<void> {
  await expect(place).toHaveClass(/value-good/, { timeout: 30_000 });
  await expect(place.getByTestId('value-status')).toHaveCount(0);
}

test('the rig switch makes the hole depth uncertain on the readout, the signal row and the overview tile, then live again', async ({ page }) => {
  await trustRigSimulator(page, stack);
  await page.goto(`${stack.url}${RIG_PANEL}`);
  const readout = page.getByTestId('readout-depth');
  const row = page.getByTestId('tag-depth');
  const tile = page.getByTestId('tile-drill-rig-1').getByTestId('kv-depth');
  await expectLive(readout);

  try {
    await setSimRigUncertain(stack, 'Depth', true);
    await expectUncertain(readout, readout.locator('strong'));
    await expect(row).toHaveClass(/not-live value-uncertain/);
    await expect(row.getByTestId('value-status')).toHaveText('uncertain');
    await expectLive(page.getByTestId('readout-hammerPressure')); // only the switched measurement is doubted
    await page.screenshot({ path: `${SHOTS}/rig-uncertain-panel-en.png` });

    await page.goto(`${stack.url}#/overview`);
    await expectUncertain(tile, tile.locator('.kv-number'));
    await expectLive(page.getByTestId('tile-drill-rig-1').getByTestId('kv-hammerPressure'));
    await page.getByTestId('tile-drill-rig-1').screenshot({ path: `${SHOTS}/rig-uncertain-tile-en.png` });

    await setSimRigUncertain(stack, 'Depth', false);
    await expectLive(tile);
  } finally {
    await setSimRigUncertain(stack, 'Depth', false);
  }
  await page.goto(`${stack.url}${RIG_PANEL}`);
  await expectLive(readout);
  await expectLive(row);
});
