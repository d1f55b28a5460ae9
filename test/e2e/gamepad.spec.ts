/**
 * Gamepad and keyboard through serve mode against the simulators: a scripted gamepad jogs the crane's hoist only
 * while the dead-man button is held, also held perfectly still (its timestamp then stays put, as a real pad's does);
 * letting go, the pad vanishing from the list without an event, focus loss and a disconnect stop it. The help overlay
 * lists every shortcut of the one table; Alt+Shift+n reaches the pages; the calibration screen shows the pad live.
 */
import { expect, test, type Page } from '@playwright/test';
import { SHORTCUTS } from '../../renderer/input/shortcuts';
import { startDemoStack, type DemoStack } from '../support/demo-stack';
import { installScriptedGamepad, setPad, stick } from './gamepad-script';
import { CRANE_PANEL, expectHoistStill, expectHoistStopped, operatorInControl, shown, SHOTS } from './support';

/** The page globals the focus checks read (the tests' compilation has no DOM library, on purpose). */
interface FocusedElement {
  tagName: string;
  textContent: string | null;
  matches(selector: string): boolean;
  blur(): void;
}
interface PageDocument {
  document: { activeElement: FocusedElement | null; body: unknown };
  getComputedStyle(el: FocusedElement): { outlineStyle: string; outlineWidth: string };
}

let stack: DemoStack;
test.beforeAll(async () => {
  stack = await startDemoStack();
});
test.afterAll(async () => stack?.close());
test.describe.configure({ mode: 'serial' });

/** Whether the engine ended the hoist jog because holds arrived late (the page's timer starved on a loaded machine). */
async function endedByLateHolds(page: Page): Promise<boolean> {
  const ended = page.getByTestId('jog-ended-hoistJog');
  return (await ended.count()) > 0 && ((await ended.textContent()) ?? '').includes('no hold received in time');
}

/**
 * Dead-man pressed with the stick centred, then pushed forward (raise), until the hoist has climbed `by` metres.
 * On this shared 2-core machine the page's 50 ms hold timer is at times starved past the engine's 150 ms lease, and
 * the engine rightly ends the jog; that stop is not what is tested here, so the jog is re-armed (at most 3 tries).
 */
async function jogUp(page: Page, by = 0.3): Promise<number> {
  const status = page.getByTestId('gamepad-status');
  for (let attempt = 1; ; attempt++) {
    const from = await shown(page, 'hoistPosition');
    await stick(page, 0, false);
    await expect(status).toContainText('Gamepad ready'); // the release seen: the next press arms
    await stick(page, 0, true);
    await expect(status).toContainText('Dead-man held: move the stick to jog Hoist');
    await stick(page, 1, true);
    let outcome = 'waiting';
    await expect
      .poll(
        async () => {
          if ((await shown(page, 'hoistPosition')) > from + by) outcome = 'moved';
          else if (await endedByLateHolds(page)) outcome = 'late';
          return outcome;
        },
        { timeout: 15_000, message: `hoist to climb from ${from} m, or the engine to end the jog for late holds` },
      )
      .not.toBe('waiting')
      .catch(async (error: Error) => {
        throw new Error(`${error.message}\nnow: ${await page.getByTestId('control-section').textContent()}`);
      });
    if (outcome === 'moved') return from;
    if (attempt === 3) throw new Error('the engine ended the gamepad jog three times for late holds');
  }
}

/** Runs a stop check after `jogUp`; retried from a new jog when late holds ended the jog before the check's cause did. */
async function stopsWhile(page: Page, cause: () => Promise<void>, undo: () => Promise<void>, reason: string): Promise<number> {
  const status = page.getByTestId('gamepad-status');
  for (let attempt = 1; ; attempt++) {
    await jogUp(page);
    await cause();
    let outcome = 'waiting';
    await expect
      .poll(async () => {
        if (((await status.textContent()) ?? '').includes(reason)) outcome = 'stopped';
        else if (await endedByLateHolds(page)) outcome = 'late';
        return outcome;
      })
      .not.toBe('waiting');
    if (outcome === 'stopped') return expectHoistStopped(page);
    await undo();
    if (attempt === 3) throw new Error('the engine ended the gamepad jog three times for late holds');
  }
}

test('a scripted gamepad jogs the hoist only while the dead-man is held, still or not; release, a vanished pad and focus loss stop it', async ({ page }) => {
  await installScriptedGamepad(page);
  await page.goto(`${stack.url}${CRANE_PANEL}`);
  await operatorInControl(page);
  const status = page.getByTestId('gamepad-status');
  await expect(status).toContainText('No gamepad connected');
  await expect(page.getByTestId('gamepad-badge')).toHaveCount(0); // no pad: no badge taking header room

  await setPad(page, { connected: true });
  await expect(page.getByTestId('gamepad-badge')).toHaveText('Gamepad: connected');
  await expect(status).toContainText('hold the dead-man button (button 5)');
  const start = await expectHoistStopped(page);

  // Stick pushed fully, no dead-man: nothing moves.
  await stick(page, 1, false);
  await expect(status).toContainText('Gamepad ready');
  expect(await expectHoistStill(page)).toBeCloseTo(start, 1);

  // Dead-man pressed with the stick already pushed: no jump start until the stick has been back to centre.
  await stick(page, 1, true);
  await expect(status).toContainText('return the stick to centre');
  expect(await expectHoistStill(page)).toBeCloseTo(start, 1);

  // Through centre, then pushed: the hoist climbs and the engine's limit is shown beside the jog buttons.
  await stick(page, 0, false);
  await jogUp(page);
  // Still held: the panel says the gamepad is jogging, with the engine's limit beside the jog buttons.
  const limit = page.getByTestId('jog-limit-hoistJog');
  const jogging = async () =>
    (/Jogging Hoist from the gamepad: \d/.test((await status.textContent()) ?? '') && (await limit.count()) > 0 && ((await limit.textContent()) ?? '').includes('Speed limit now')) ||
    endedByLateHolds(page);
  await expect.poll(jogging).toBe(true);
  await page.screenshot({ path: `${SHOTS}/gamepad-jogging.png`, fullPage: true });
  if (!(await endedByLateHolds(page))) {
    // The stick's full deflection is the panel's jog speed choice, as a held button is: 25 % of the hoist's 1.5 m/s,
    // then 10 % once chosen (the engine's link limit may cap it lower; the line rounds to two decimals).
    const padSpeed = async () => Number(/from the gamepad: ([\d.]+)/.exec((await status.textContent()) ?? '')?.[1] ?? Number.NaN);
    expect(await padSpeed()).toBeGreaterThan(0);
    expect(await padSpeed()).toBeLessThanOrEqual(0.38);
    await page.getByTestId('control-section').getByRole('radio', { name: '10 %' }).check();
    await expect.poll(async () => (await padSpeed()) <= 0.15 || (await endedByLateHolds(page))).toBe(true);
  }

  // Held perfectly still the pad reports nothing new and its timestamp stays put: no fault, the jog goes on for as long
  // as it is held (here until the hoist has climbed another 30 cm; the console once stopped it after half a second).
  if (!(await endedByLateHolds(page))) {
    const still = await shown(page, 'hoistPosition');
    const climbed = async () => (await shown(page, 'hoistPosition')) > still + 0.3 || endedByLateHolds(page);
    await expect.poll(climbed, { timeout: 20_000, message: `hoist to climb on from ${still} m with the pad held still` }).toBe(true);
    if (!(await endedByLateHolds(page))) await expect(status).toContainText('Jogging Hoist from the gamepad');
  }

  // Dead-man released with the stick still pushed: stops.
  const afterRelease = await stopsWhile(page, () => stick(page, 1, false), async () => undefined, 'Gamepad ready');
  expect(afterRelease).toBeGreaterThan(start + 0.3);

  // The pad gone from getGamepads() while jogging, with no event and no `connected: false`: stops, and stays stopped
  // when it is back with the dead-man and the stick as they were.
  const comeBack = () => setPad(page, { vanished: false });
  const afterVanish = await stopsWhile(page, () => setPad(page, { vanished: true }), comeBack, 'No gamepad connected');
  await comeBack();
  await expect(status).toContainText('Release the dead-man button, then press it again');
  expect(await expectHoistStill(page)).toBeCloseTo(afterVanish, 1);
  await page.screenshot({ path: `${SHOTS}/gamepad-stopped-vanished.png`, fullPage: true });

  // The window loses focus while jogging: stops, and stays stopped when focus returns.
  const refocus = () => setPad(page, { focused: true });
  const afterBlur = await stopsWhile(page, () => setPad(page, { focused: false }), refocus, 'the console window lost focus');
  await refocus();
  expect(await expectHoistStill(page)).toBeCloseTo(afterBlur, 1);

  // Unplugged while jogging: stops.
  await stopsWhile(page, () => setPad(page, { connected: false }), () => setPad(page, { connected: true }), 'No gamepad connected');
});

test('the help overlay lists every shortcut; Alt+Shift+n reaches the pages; the calibration screen shows the pad live', async ({ page }) => {
  await installScriptedGamepad(page);
  await page.goto(`${stack.url}${CRANE_PANEL}`);
  await expect(page.getByTestId('control-section')).toBeVisible();

  // Every control reached by Tab shows a clear focus ring (keyboard focus, :focus-visible).
  const rings: string[] = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    rings.push(
      await page.evaluate(() => {
        const { document, getComputedStyle } = globalThis as unknown as PageDocument;
        const el = document.activeElement;
        if (!el || el === document.body) return 'ok'; // past the last control, before Tab wraps to the first
        const style = getComputedStyle(el);
        const ok = el.matches(':focus-visible') && style.outlineStyle === 'solid' && parseFloat(style.outlineWidth) >= 2;
        return ok ? 'ok' : `${el.tagName} ${el.textContent?.slice(0, 30)}: ${style.outlineStyle} ${style.outlineWidth}`;
      }),
    );
  }
  expect(rings.filter((r) => r !== 'ok')).toEqual([]);
  await page.keyboard.press('Shift+Tab');
  await page.screenshot({ path: `${SHOTS}/focus-ring.png` });

  await page.evaluate(() => (globalThis as unknown as PageDocument).document.activeElement?.blur());
  await page.keyboard.press('?');
  const help = page.getByTestId('shortcuts-help');
  await expect(help).toBeVisible();
  for (const shortcut of SHORTCUTS) await expect(help.getByTestId(`shortcut-${shortcut.id}`), shortcut.id).toBeVisible();
  await expect(help.locator('tbody tr')).toHaveCount(SHORTCUTS.length);
  await expect(help.getByRole('button', { name: 'Close' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(help.getByRole('button', { name: 'Close' })).toBeFocused(); // focus stays inside the dialog
  await page.screenshot({ path: `${SHOTS}/shortcuts-help-en.png` });
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await page.getByRole('button', { name: '中文' }).click();
  await page.keyboard.press('F1');
  await expect(help).toBeVisible();
  await expect(help.getByRole('heading', { name: '键盘快捷键' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/shortcuts-help-zh.png` });
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'English' }).click();

  // Pages by Alt+Shift+digit (Alt+digit is the browser's tab switch on Linux).
  await page.keyboard.press('Alt+Shift+Digit1');
  await expect(page.getByTestId('tile-sts-crane-1')).toBeVisible();
  await page.keyboard.press('Alt+Shift+Digit7');
  const calibration = page.getByTestId('gamepad-calibration');
  await expect(calibration).toBeVisible();
  await expect(page.getByTestId('gamepad-missing')).toContainText('No gamepad found');
  await page.screenshot({ path: `${SHOTS}/gamepad-calibration-missing-en.png` });

  // Connected: raw values live; the deadband test reads zero at rest and follows the stick outside it.
  await setPad(page, { connected: true, axes: [0.02, 0.05, 0, 0] });
  await expect(page.getByTestId('gamepad-name')).toContainText('Scripted pad');
  await expect(page.getByTestId('cal-output')).toContainText('inside the deadband');
  await stick(page, 0.6, true);
  await expect(page.getByTestId('cal-output')).toContainText('outside the deadband');
  await expect(page.getByTestId('cal-deadman-state')).toContainText('pressed');
  await expect(page.getByTestId('pad-axes')).toContainText('-0.600');
  // Settings are saved and survive a reload.
  await page.getByTestId('cal-deadman').selectOption('7');
  await page.getByTestId('cal-deadband').fill('0.2');
  await page.screenshot({ path: `${SHOTS}/gamepad-calibration-en.png`, fullPage: true });
  await page.reload();
  await setPad(page, { connected: true });
  await expect(page.getByTestId('cal-deadman')).toHaveValue('7');
  await expect(calibration).toContainText('20 % of travel');
  await stick(page, 0.6, true, 7);
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('heading', { name: '手柄校准' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/gamepad-calibration-zh.png`, fullPage: true });
  await page.getByRole('button', { name: '恢复默认值' }).click();
  await expect(page.getByTestId('cal-deadman')).toHaveValue('5');
  await page.getByRole('button', { name: 'English' }).click();
});
