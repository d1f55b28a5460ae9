/**
 * The operator's console against the simulators through serve mode: log in, take control of the crane, jog the hoist
 * hold-to-run with the mouse and the keyboard (it moves while held and stops on release), a refusal shown in place,
 * arm-then-execute, the supplementary stop with the device's confirmation, and a viewer's disabled controls.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectLinkUp, login, setSimWind } from './support';
import { startDemoStack, type DemoStack } from '../support/demo-stack';

const SHOTS = 'test/.artifacts/screenshots';
const CRANE_PANEL = '#/equipment/sts-crane-1';

let stack: DemoStack;
test.beforeAll(async () => {
  stack = await startDemoStack();
});
test.afterAll(async () => stack?.close());
test.describe.configure({ mode: 'serial' });



/** A tag's number as the panel shows it ("20.00 m" → 20). */
async function shown(page: Page, tag: string): Promise<number> {
  const text = (await page.getByTestId(`tag-${tag}`).locator('td').first().textContent()) ?? '';
  return Number(text.trim().split(/\s+/)[0]?.replace(/,/g, ''));
}

/** Waits for the axis to be at standstill, then checks the position no longer moves over five further readings. */
async function expectStopped(page: Page): Promise<number> {
  await expect(page.getByTestId('tag-hoistSpeed').locator('td').first()).toContainText(/^\s*-?0\.00 m\/s/, { timeout: 10_000 });
  const samples: number[] = [];
  await expect.poll(async () => samples.push(await shown(page, 'hoistPosition')), { intervals: [200] }).toBeGreaterThanOrEqual(5);
  expect(Math.max(...samples) - Math.min(...samples)).toBeLessThan(0.02);
  return samples.at(-1) as number;
}

test('operator logs in, takes control and jogs the hoist hold-to-run with mouse and keyboard', async ({ page }) => {
  await page.goto(`${stack.url}${CRANE_PANEL}`);
  await expect(page.getByTestId('user-badge')).toContainText('Not logged in — read only');
  await expect(page.getByTestId('control-reason')).toContainText('log in as an operator');
  await page.getByTestId('user-badge').getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('login-dialog').getByLabel('User').fill('operator');
  await page.screenshot({ path: `${SHOTS}/login.png` });
  await page.getByTestId('login-dialog').getByLabel('PIN').fill('2222');
  await page.getByTestId('login-dialog').getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByTestId('user-badge')).toContainText('operator · operator');

  await expectLinkUp(page, 'sts-crane-1');
  await expect(page.getByTestId('control-reason')).toContainText('Take control first');
  await page.getByRole('button', { name: 'Take control' }).click();
  await expect(page.getByTestId('control-holder')).toContainText('You have control');
  await expect(page.getByTestId('control-reason')).toBeHidden();
  await expect(page.getByTestId('tag-hoistPosition')).toHaveClass('value-good', { timeout: 20_000 });
  const start = await expectStopped(page);

  // Mouse: press and hold "Hoist +" (raise); the height rises while held and the engine reports the current limit.
  const raise = page.getByTestId('jog-hoistJog-plus');
  await raise.hover();
  await page.mouse.down();
  await expect.poll(() => shown(page, 'hoistPosition'), { timeout: 15_000 }).toBeGreaterThan(start + 0.3);
  await expect(page.getByTestId('jog-limit-hoistJog')).toContainText('Speed limit now');
  await page.screenshot({ path: `${SHOTS}/panel-control-jogging.png`, fullPage: true });
  await page.mouse.up();
  const afterMouse = await expectStopped(page);
  expect(afterMouse).toBeGreaterThan(start + 0.3);

  // Keyboard: Tab focus on "Hoist −" and hold Space; the height falls while the key is down and stops on key up.
  await page.getByTestId('jog-hoistJog-minus').focus();
  await page.keyboard.down(' ');
  await expect.poll(() => shown(page, 'hoistPosition'), { timeout: 15_000 }).toBeLessThan(afterMouse - 0.3);
  await page.keyboard.up(' ');
  const afterKeys = await expectStopped(page);
  expect(afterKeys).toBeLessThan(afterMouse - 0.3);

  // Sliding off the button with the mouse still down releases too.
  await raise.hover();
  await page.mouse.down();
  await expect.poll(() => shown(page, 'hoistPosition'), { timeout: 15_000 }).toBeGreaterThan(afterKeys + 0.2);
  await page.mouse.move(5, 5);
  await expectStopped(page);
  await page.mouse.up();

  // Arm-then-execute: locking the twistlocks needs a second, deliberate confirmation; the device confirms it.
  const lock = page.getByTestId('command-spreaderLock');
  await lock.getByRole('button', { name: 'Arm: Lock twistlocks' }).click();
  await expect(lock).toContainText('Armed — confirm within');
  await lock.getByRole('button', { name: 'Confirm: Lock twistlocks' }).click();
  await expect(page.getByTestId('outcome-spreaderLock')).toContainText('Done — confirmed by the device');
  await expect(page.getByTestId('tag-twistlockState')).toContainText('Locked', { timeout: 10_000 });
  await page.screenshot({ path: `${SHOTS}/panel-control.png`, fullPage: true });

  // A jog the engine refuses shows the refusal's text in place: wind above the trolley limit blocks the trolley.
  await setSimWind(stack, 25);
  try {
    await expect(page.getByTestId('tag-windHigh')).toContainText('Yes', { timeout: 10_000 });
    const hoistBefore = await page.getByTestId('jog-hoistJog-plus').boundingBox();
    await page.getByTestId('jog-trolleyJog-plus').hover();
    await page.mouse.down();
    await expect(page.getByTestId('jog-ended-trolleyJog')).toHaveText('Refused: Wind above the trolley limit');
    await page.mouse.up();
    // The refusal shows in the pad's one status slot: the row below, the next button an operator reaches for, stays put.
    expect(await page.getByTestId('jog-hoistJog-plus').boundingBox()).toEqual(hoistBefore);
    await expect(page.getByTestId('jog-status')).toContainText('Trolley: Refused: Wind above the trolley limit');
    // The site allows the wind limit to maintenance only: the operator sees why before trying.
    await expect(page.getByTestId('outcome-setWindLimit')).toHaveText('Needs the maintenance role.');
    await page.screenshot({ path: `${SHOTS}/panel-refusal.png`, fullPage: true });
  } finally {
    await setSimWind(stack, 0);
  }

  // The supplementary stop, by shortcut: the device confirms it; the result can be closed.
  await page.keyboard.press('Control+.');
  const notice = page.getByTestId('stop-notice');
  await expect(notice).toContainText('STS crane 1: stop confirmed by the device');
  await page.screenshot({ path: `${SHOTS}/stop-confirmed.png` });
  await notice.getByRole('button', { name: 'Close' }).click();
  await expect(notice).toBeHidden();

  await page.getByTestId('user-badge').getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByTestId('user-badge')).toContainText('Not logged in');
  await expect(page.getByTestId('control-reason')).toContainText('log in as an operator');
});

test('a viewer sees the controls disabled with the reason', async ({ page }) => {
  await page.goto(`${stack.url}${CRANE_PANEL}`);
  await page.getByTestId('user-badge').getByRole('button', { name: 'Log in' }).click();
  await login(page, 'viewer', '1111');
  await expect(page.getByTestId('user-badge')).toContainText('viewer · viewer');
  await expect(page.getByTestId('control-reason')).toHaveText('Your role (viewer) may only watch; controlling needs the operator role.');
  await expect(page.getByRole('button', { name: /Take control|Take over/ })).toBeDisabled();
  await expect(page.getByTestId('jog-hoistJog-plus')).toBeDisabled();
  await expect(page.getByTestId('command-spreaderLock').getByRole('button')).toBeDisabled();
  await page.screenshot({ path: `${SHOTS}/panel-viewer.png`, fullPage: true });
  // The same in Simplified Chinese: the reason, the role and the site's labels.
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByTestId('control-reason')).toHaveText('您的角色（观察员）只能查看；控制需要操作员角色。');
  await expect(page.getByRole('heading', { name: '岸桥 1' })).toBeVisible();
  await expect(page.getByTestId('tag-hoistPosition')).toContainText('起升高度');
  await page.screenshot({ path: `${SHOTS}/panel-viewer-zh.png`, fullPage: true });
  await page.getByRole('button', { name: 'English' }).click();
  // A viewer may still send the supplementary stop: it is never refused by role.
  await page.getByRole('button', { name: 'STOP' }).click();
  await expect(page.getByTestId('stop-notice')).toContainText('STS crane 1: stop confirmed by the device');
});

test('take-over asks for confirmation naming the current holder; the stop from the overview goes to every equipment', async ({ browser }) => {
  const context = await browser.newContext();
  const first = await context.newPage();
  const second = await context.newPage();
  for (const page of [first, second]) {
    await page.goto(`${stack.url}${CRANE_PANEL}`);
    await page.getByTestId('user-badge').getByRole('button', { name: 'Log in' }).click();
    await login(page, 'operator', '2222');
    await expectLinkUp(page, 'sts-crane-1');
  }
  await first.getByRole('button', { name: 'Take control' }).click();
  await expect(first.getByTestId('control-holder')).toHaveText('You have control');
  await expect(second.getByTestId('control-holder')).toContainText('operator has control');
  await second.getByRole('button', { name: 'Take over…' }).click();
  await expect(second.getByRole('alertdialog')).toContainText('Control is held by operator (');
  await second.screenshot({ path: `${SHOTS}/panel-take-over.png` });
  await second.getByRole('button', { name: 'Yes, take over' }).click();
  await expect(second.getByTestId('control-holder')).toHaveText('You have control');
  await expect(first.getByTestId('control-holder')).toContainText('operator has control');
  // The console that lost control is told so, naming who took it (each browser console by its own tag), until read.
  const lost = first.getByTestId('control-lost-here');
  await expect(lost).toContainText(/^Control lost: operator on Browser console [0-9A-F]{4} took control/);
  await first.screenshot({ path: `${SHOTS}/panel-control-lost.png` });
  await lost.getByRole('button', { name: 'OK' }).click();
  await expect(lost).toHaveCount(0);

  // From the overview the stop goes to every equipment, one line per device: confirmed, or why not.
  await second.getByRole('link', { name: 'Overview' }).click();
  await second.getByRole('button', { name: 'STOP' }).click();
  const notice = second.getByTestId('stop-notice');
  await expect(notice.locator('p')).toHaveCount(3);
  await expect(notice).toContainText('STS crane 1: stop confirmed by the device');
  await expect(notice).toContainText('Ladle crane 1: stop confirmed by the device');
  await expect(notice).toContainText('Drill rig 1: stop NOT confirmed');
  await second.screenshot({ path: `${SHOTS}/stop-overview.png` });
  await context.close();
});

test('not logged in, the stop says it needs a login and opens the dialog; a wrong PIN is refused there', async ({ page }) => {
  await page.goto(stack.url);
  await expect(page.getByTestId('tile-sts-crane-1')).toBeVisible();
  await page.getByRole('button', { name: 'STOP' }).click();
  await expect(page.getByTestId('stop-notice')).toContainText('STS crane 1: The stop needs a login (any user)');
  await expect(page.getByTestId('login-dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('stop-notice').getByRole('button', { name: 'Close' })).toBeVisible();
  await page.getByTestId('user-badge').getByRole('button', { name: 'Log in' }).click();
  const dialog = page.getByTestId('login-dialog');
  await dialog.getByLabel('User').fill('operator');
  await dialog.getByLabel('PIN').fill('9999');
  await dialog.getByRole('button', { name: 'Log in' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Wrong user name or PIN.');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('a jog held while a shortcut opens another page ends as the jog pad goes: no holds go on after release', async ({ page }) => {
  const holds: number[] = [];
  page.on('websocket', (ws) =>
    ws.on('framesent', (frame) => {
      if (typeof frame.payload === 'string' && frame.payload.includes('"jog.hold"')) holds.push(Date.now());
    }),
  );
  await page.goto(`${stack.url}${CRANE_PANEL}`);
  await page.getByTestId('user-badge').getByRole('button', { name: 'Log in' }).click();
  await login(page, 'operator', '2222');
  await expectLinkUp(page, 'sts-crane-1');
  await page.getByRole('button', { name: 'Take control' }).click();
  await expect(page.getByTestId('control-holder')).toContainText('You have control');
  await page.getByTestId('jog-hoistJog-plus').focus();
  await page.keyboard.down(' ');
  await expect.poll(() => holds.length).toBeGreaterThan(3); // holding: a hold every 50 ms
  await page.keyboard.press('Alt+Shift+1'); // the overview: the jog pad leaves the page under the held key
  await expect(page.getByTestId('tile-sts-crane-1')).toBeVisible();
  await page.keyboard.up(' '); // lands on another element now
  const after = holds.length;
  // Held on, holds would keep coming at 20 a second: give them a second and a half to show up.
  await expect.poll(() => holds.length - after, { timeout: 1_500 }).toBeGreaterThan(10).catch(() => undefined);
  expect(holds.length - after).toBeLessThanOrEqual(1);
});
