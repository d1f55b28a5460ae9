/**
 * The type-specific equipment panels against the simulators through serve mode, in English and Simplified Chinese:
 * the crane's to-scale side view with its labelled predicted ghost, the ladle crane's hoist/tilt/load/temperature,
 * the drill rig's depth/rotation/feed/pressures (after trusting its certificate through the UI), site labels and
 * state texts instead of tag names, numbers without thousands separators, and the key values and controls above the
 * fold at 1440×900. Screenshots: panel-crane|ladle|rig-en|zh.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectLinkUp, setSimWind, trustRigSimulator } from './support';
import { startDemoStack, type DemoStack } from '../support/demo-stack';

const SHOTS = 'test/.artifacts/screenshots';
const FOLD_PX = 900;

let stack: DemoStack;
test.beforeAll(async () => {
  stack = await startDemoStack();
});
test.afterAll(async () => stack?.close());
test.describe.configure({ mode: 'serial' });


async function login(page: Page, user: string, pin: string): Promise<void> {
  await page.getByTestId('user-badge').getByRole('button', { name: /Log in|登录/ }).click();
  const dialog = page.getByTestId('login-dialog');
  await dialog.getByLabel(/User|用户/).fill(user);
  await dialog.getByLabel('PIN').fill(pin);
  await dialog.getByRole('button', { name: /Log in|登录/ }).click();
  await expect(dialog).toBeHidden();
}

/** Waits until a readout shows a live value (good, confirmed in time: not uncertain, stale or bad). */
async function expectLive(readout: Locator): Promise<void> {
  await expect(readout).toHaveClass(/value-good/, { timeout: 30_000 });
  await expect(readout.locator('strong')).not.toHaveText('—');
}

/** The element lies entirely above the fold of a 1440×900 window. */
async function expectAboveFold(locator: Locator): Promise<void> {
  const box = await locator.boundingBox();
  expect(box, 'element is laid out').not.toBeNull();
  expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(FOLD_PX);
}

test('container crane: side view with the labelled predicted ghost, site labels, controls above the fold (en, zh-CN)', async ({ page }) => {
  await page.goto(`${stack.url}#/equipment/sts-crane-1`);
  await expect(page.getByTestId('panel-container-crane')).toBeVisible();
  const hoist = page.getByTestId('readout-hoistPosition');
  await expectLive(hoist);
  await expect(hoist).toContainText('Hoist height');
  await expect(hoist.locator('strong')).toHaveText(/^\d+\.\d{2}$/);
  await expect(hoist).toContainText(/\d+ ms ago|\d+\.\d s ago/);
  await expect(page.getByTestId('readout-twistlockState')).toContainText(/Twistlocks(Moving|Unlocked|Locked)/);
  await expect(page.getByTestId('readout-gantryPosition').locator('strong')).toHaveText(/^\d+\.\d$/); // 100.0, never "1,00.0"
  await expect(page.getByTestId('crane-actual')).toBeVisible();
  // The prediction needs the link monitor's RTT; the ghost is labelled as predicted.
  await expect(page.getByTestId('panel-rtt')).toContainText(/p50 \d/, { timeout: 20_000 });
  await expect(page.getByTestId('predicted-label')).toContainText(/PREDICTED now \(\+\d+ ms\)/);
  // Mode is a named choice, not a number.
  await expect(page.getByTestId('choice-setMode').locator('option')).toHaveText(['Choose…', 'Local', 'Remote']);
  // The raw table lives below, with the same row ids as before.
  await expect(page.getByTestId('tag-hoistPosition')).toContainText('Hoist height');
  await expect(page.getByTestId('tag-refusalReason')).toContainText('Last refusal by the crane');
  for (const id of ['crane-view', 'readout-hoistPosition', 'readout-trolleyPosition', 'readout-loadWeight', 'wind-gauge', 'jog-axis-hoistJog', 'command-spreaderLock']) {
    await expectAboveFold(page.getByTestId(id));
  }
  await page.screenshot({ path: `${SHOTS}/panel-crane-en.png` });

  await page.getByRole('button', { name: '中文' }).click();
  await expect(hoist).toContainText('起升高度');
  await expect(page.getByTestId('predicted-label')).toContainText('预测当前位置');
  await expect(page.getByTestId('panel-link')).toContainText('链路');
  await expect(page.getByTestId('readout-twistlockState')).toContainText(/旋锁(动作中|已开锁|已闭锁)/);
  await expect(page.getByTestId('choice-setMode').locator('option')).toHaveText(['请选择…', '本地', '远程']);
  await expect(page.getByTestId('tag-refusalReason')).toContainText('起重机最近拒绝原因');
  await page.screenshot({ path: `${SHOTS}/panel-crane-zh.png` });
});

test('an interlock refusal is shown in the viewer language; the mode is chosen by name (zh-CN)', async ({ page }) => {
  await page.goto(`${stack.url}#/equipment/sts-crane-1`);
  await page.getByRole('button', { name: '中文' }).click();
  await login(page, 'operator', '2222');
  await expectLinkUp(page, 'sts-crane-1');
  await page.getByRole('button', { name: '获取控制权' }).click();
  await expect(page.getByTestId('control-holder')).toContainText('您拥有控制权');
  await setSimWind(stack, 25);
  try {
    await expect(page.getByTestId('readout-windHigh')).toContainText('是', { timeout: 10_000 });
    await expect(page.getByTestId('readout-windSpeed')).toHaveClass(/abnormal/);
    await page.getByTestId('jog-trolleyJog-plus').hover();
    await page.mouse.down();
    await expect(page.getByTestId('jog-ended-trolleyJog')).toContainText('风速超过小车限值');
    await page.mouse.up();
  } finally {
    await setSimWind(stack, 0);
  }
  // The mode is chosen by name and armed by name (cancelled here: local mode would hand control back to the cab).
  const mode = page.getByTestId('setpoint-setMode');
  await mode.getByTestId('choice-setMode').selectOption({ label: '本地' });
  await mode.getByRole('button', { name: '设定' }).click();
  await expect(mode.getByRole('button', { name: '确认：操作模式 = 本地' })).toBeVisible();
  await mode.getByRole('button', { name: '取消' }).click();
  await expect(page.getByTestId('readout-remoteMode')).toContainText('远程');
  await page.getByRole('button', { name: '释放控制权' }).click();
});

/**
 * What a panel draws, measured in the page: the drawing's text sizes in screen pixels, gauge tick labels that overlap
 * their neighbour, and the values column running under the control section. Runs in the browser (no DOM types here).
 */
function drawnProblems(): { textPx: number[]; overlappingTicks: string[]; underControl: boolean } {
  type Box = { left: number; right: number; top: number; height: number };
  type El = { getBoundingClientRect(): Box; textContent: string | null; checkVisibility(): boolean };
  const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): Iterable<El>; querySelector(s: string): El | null } }).document;
  const textPx = [...doc.querySelectorAll('.crane-view text, .ladle-view text')].filter((t) => t.checkVisibility() && t.textContent).map((t) => Math.round(t.getBoundingClientRect().height));
  const overlappingTicks: string[] = [];
  for (const ticks of doc.querySelectorAll('.gauge-ticks')) {
    const shown = [...(ticks as unknown as { children: Iterable<El> }).children].filter((t) => t.checkVisibility()).map((t) => ({ box: t.getBoundingClientRect(), text: t.textContent ?? '' }));
    for (let i = 1; i < shown.length; i++) if (shown[i]!.box.left < shown[i - 1]!.box.right) overlappingTicks.push(`${shown[i - 1]!.text}|${shown[i]!.text}`);
  }
  const values = [...doc.querySelectorAll('.type-panel .readout')].map((r) => r.getBoundingClientRect().right);
  const control = doc.querySelector('.control-section')?.getBoundingClientRect().left ?? Infinity;
  return { textPx, overlappingTicks, underControl: values.some((right) => right > control) };
}

test('drawings and scales stay readable from 1024 to 1920 px: text of screen size, tick labels apart, values beside the controls', async ({ page }) => {
  for (const width of [1024, 1280, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    for (const eq of ['sts-crane-1', 'ladle-crane-1']) {
      await page.goto(`${stack.url}#/equipment/${eq}`);
      await expect(page.locator('.gauge-ticks').first()).toBeVisible();
      await expect.poll(async () => (await page.evaluate(drawnProblems)).textPx.length, { message: `${eq} drawing text at ${width} px` }).toBeGreaterThan(3);
      const drawn = await page.evaluate(drawnProblems);
      // Line boxes of 10–14 px text: never the 5 px or 22 px a drawing scaled to its column gave.
      expect(Math.min(...drawn.textPx), `${eq} at ${width} px`).toBeGreaterThanOrEqual(10);
      expect(Math.max(...drawn.textPx), `${eq} at ${width} px`).toBeLessThanOrEqual(20);
      expect(drawn.overlappingTicks, `${eq} at ${width} px`).toEqual([]);
      expect(drawn.underControl, `${eq} at ${width} px`).toBe(false);
      if (width === 1024) await page.screenshot({ path: `${SHOTS}/panel-${eq}-1024.png` });
    }
  }
});

test('a setpoint the engine refused for its value: the refusal goes once the value in the field is edited', async ({ page }) => {
  await page.goto(`${stack.url}#/equipment/sts-crane-1`);
  await login(page, 'maintenance', '3333');
  await expectLinkUp(page, 'sts-crane-1');
  await page.getByRole('button', { name: 'Take control' }).click();
  const form = page.getByTestId('setpoint-setWindLimit');
  const outcome = page.getByTestId('outcome-setWindLimit');
  await form.getByRole('textbox').fill('12.34'); // in range, but not a step of the register's 0.1 m/s
  await form.getByRole('button', { name: 'Set' }).click();
  await expect(outcome).toContainText('12.3');
  await form.getByRole('textbox').fill('-5');
  await expect(form).toContainText('Out of range');
  await expect(outcome).toHaveCount(0); // the old value's refusal no longer stands beside the new value
  await page.getByRole('button', { name: 'Release control' }).click();
});

test('ladle crane: hoist, tilt, load, a temperature without thousands separators; stale when the device is silent (en, zh-CN)', async ({ page }) => {
  await page.goto(`${stack.url}#/equipment/ladle-crane-1`);
  await expect(page.getByTestId('panel-ladle-crane')).toBeVisible();
  const steel = page.getByTestId('readout-steelTemperature');
  await expectLive(steel);
  await expect(steel).toContainText('Steel temperature');
  await expect(steel.locator('.readout-value')).toHaveText(/^\d{4}\.\d °C$/); // "1600.0 °C", never "1,600.0"
  await expectLive(page.getByTestId('readout-hoistPosition'));
  await expect(page.getByTestId('readout-tiltAngle')).toContainText('Tilt angle');
  await expect(page.getByTestId('readout-hookLoad')).toContainText('Hook load');
  await expect(page.getByTestId('readout-upright')).toContainText(/Ladle upright(Yes|No)/);
  await expect(page.getByTestId('ladle-drawing')).toBeVisible();
  for (const id of ['ladle-view', 'readout-steelTemperature', 'readout-hookLoad', 'jog-axis-tiltJog']) await expectAboveFold(page.getByTestId(id));
  await page.screenshot({ path: `${SHOTS}/panel-ladle-en.png` });

  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('heading', { name: '钢包起重机 1' })).toBeVisible();
  await expect(steel).toContainText('钢水温度');
  await expect(steel.locator('.readout-value')).toHaveText(/^\d{4}\.\d °C$/);
  await expect(page.getByTestId('readout-upright')).toContainText(/钢包竖直(是|否)/);
  await expect(page.getByTestId('jog-axis-tiltJog')).toContainText('倾翻');
  await page.screenshot({ path: `${SHOTS}/panel-ladle-zh.png` });

  // A silent device behind an open socket: every value keeps its last reading, dims and says stale; none looks live.
  stack.pauseSimulators(true);
  try {
    await expect(steel).toHaveClass(/not-live value-stale/, { timeout: 10_000 });
    const lastTemperature = await steel.locator('strong').textContent();
    expect(lastTemperature).toMatch(/^\d{4}\.\d$/); // the last reading stays
    await expect(steel).toContainText('过期');
    await expect(page.getByTestId('readout-hoistPosition')).toHaveClass(/value-stale/);
    await expect(page.getByTestId('ladle-view')).toHaveClass(/stale/);
    await expect(page.locator('[data-testid^="readout-"]:not(.value-stale)')).toHaveCount(0); // stale, not bad: the device did not answer, nor err
    await page.getByRole('button', { name: 'English' }).click();
    await expect(steel).toContainText('stale');
    await expect(steel.locator('strong')).toHaveText(lastTemperature ?? ''); // unchanged while silent
    await page.screenshot({ path: `${SHOTS}/panel-ladle-stale-en.png` });
  } finally {
    stack.pauseSimulators(false);
  }
  await expectLive(steel);
});

test('drill rig: trusted through the UI, then depth, rotation, feed, pressures and mast (en, zh-CN)', async ({ page }) => {
  // Before it is trusted, the panel says why its link is down, and where to act: not just "the connection is down".
  await page.goto(`${stack.url}#/equipment/drill-rig-1`);
  await expect(page.getByTestId('panel-link')).toContainText('Link lost — Server certificate not trusted — review and trust it under Diagnostics.', { timeout: 30_000 });
  await trustRigSimulator(page, stack);

  await page.goto(`${stack.url}#/equipment/drill-rig-1`);
  await expect(page.getByTestId('panel-drill-rig')).toBeVisible();
  const depth = page.getByTestId('readout-depth');
  await expectLive(depth);
  await expect(depth).toContainText('Hole depth');
  await expect(page.getByTestId('readout-rotationSpeed')).toContainText(/Rotation speed.*setpoint \d/);
  await expect(page.getByTestId('readout-feedForce')).toContainText('Feed force');
  await expect(page.getByTestId('readout-hammerPressure')).toContainText('Hammer pressure');
  await expect(page.getByTestId('readout-mastAngle')).toContainText('Mast angle');
  await expect(page.getByTestId('readout-engineState')).toContainText(/Engine(Running|Off)/);
  await expect(page.getByTestId('rig-mast')).toBeVisible();
  for (const id of ['rig-view', 'readout-depth', 'readout-penetrationRate', 'readout-hammerPressure', 'command-startDrilling']) await expectAboveFold(page.getByTestId(id));
  await page.screenshot({ path: `${SHOTS}/panel-rig-en.png` });

  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('heading', { name: '钻机 1' })).toBeVisible();
  await expect(depth).toContainText('孔深');
  await expect(page.getByTestId('readout-engineState')).toContainText(/发动机(运行中|停机)/);
  await expect(page.getByTestId('command-startDrilling')).toContainText('开始钻进');
  await page.screenshot({ path: `${SHOTS}/panel-rig-zh.png` });
});
