/**
 * The supplementary stop is always in view and in reach: a malformed bookmark does not unmount the window; a page
 * scrolled to its bottom keeps the header (stop and link health) on screen; the login dialog the stop itself opens
 * (pressed logged out), the shortcut help and the shelve dialog neither cover the stop nor make it inert, nor claim to
 * (no aria-modal: the rest of the window is not inert while the stop works). "On top" is checked by a
 * hit test at the button's centre without scrolling (Playwright's click would scroll the page to it).
 * Screenshots: stop-reach-scrolled.png, stop-reach-login.png, stop-reach-help.png, stop-reach-shelve.png.
 */
import { expect, test, type Page } from '@playwright/test';
import { CRANE_PANEL, demoStackOfFile, expectLinkUp, login, setSimWind, SHOTS } from './support';

const stack = demoStackOfFile();

/** The stop button is inside the viewport as the page is now, and it is what a click at its centre hits. */
async function expectStopOnTop(page: Page): Promise<void> {
  const stop = page.locator('.stop-button');
  await expect(stop).toBeVisible();
  const box = (await stop.boundingBox())!;
  const viewport = page.viewportSize()!;
  expect(box.y, 'stop below the top of the viewport').toBeGreaterThanOrEqual(0);
  expect(box.y + box.height, 'stop above the bottom of the viewport').toBeLessThanOrEqual(viewport.height);
  // A string: this file is compiled without the DOM's types.
  const hit = await page.evaluate<boolean>(`document.elementFromPoint(${box.x + box.width / 2}, ${box.y + box.height / 2})?.closest('.stop-button') != null`);
  expect(hit, 'nothing covers the stop').toBe(true);
  // The stop is usable, so no open dialog may tell assistive technology that the rest of the window is inert.
  expect(await page.evaluate<number>(`document.querySelectorAll('[aria-modal="true"]').length`), 'no aria-modal while the stop is in reach').toBe(0);
}

test('a malformed equipment bookmark shows the header and the stop, and says the equipment is unknown', async ({ page }) => {
  await page.goto(`${stack().url}#/equipment/%E0%A4%A`);
  await expect(page.locator('.stop-button')).toBeVisible();
  await expect(page.getByTestId('console-link')).toBeVisible();
  await expect(page.getByText('Unknown equipment “%E0%A4%A”.')).toBeVisible({ timeout: 20_000 });
  await expectStopOnTop(page);
});

test('scrolled to the bottom of a panel, the header stays in view; the login dialog the stop opens does not cover it', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 600 });
  await page.goto(`${stack().url}${CRANE_PANEL}`);
  await expectLinkUp(page, 'sts-crane-1');
  await expect(page.getByTestId('panel-container-crane')).toBeVisible();
  await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
  await expect.poll(() => page.evaluate<number>('window.scrollY'), { message: 'the panel is taller than the window' }).toBeGreaterThan(200);
  await expectStopOnTop(page);
  await expect(page.getByTestId('link-sts-crane-1')).toBeInViewport();
  await expect(page.getByTestId('alarm-banner')).toBeInViewport();
  await page.screenshot({ path: `${SHOTS}/stop-reach-scrolled.png` });

  // Logged out, the stop is refused for lack of a login and opens the login dialog itself: the stop stays on top.
  await page.locator('.stop-button').click();
  await expect(page.getByTestId('login-dialog')).toBeVisible();
  await expect(page.getByTestId('stop-notice')).toContainText('The stop needs a login');
  await expectStopOnTop(page);
  await page.screenshot({ path: `${SHOTS}/stop-reach-login.png` });
  // Pressed again with the dialog open, it sends again (the notice shows the new press).
  await page.getByTestId('stop-notice').getByRole('button').click();
  await expect(page.getByTestId('stop-notice')).toBeHidden();
  await page.locator('.stop-button').click();
  await expect(page.getByTestId('stop-notice')).toBeVisible();
  await expect(page.getByTestId('login-dialog')).toBeVisible();
  await login(page, 'operator', '2222');
});

test('the shortcut help leaves the stop in reach, and its shortcut still sends it', async ({ page }) => {
  await page.goto(`${stack().url}${CRANE_PANEL}`);
  await expectLinkUp(page, 'sts-crane-1');
  await page.keyboard.press('F1');
  const help = page.getByTestId('shortcuts-help');
  await expect(help).toBeVisible();
  await expectStopOnTop(page);
  await page.screenshot({ path: `${SHOTS}/stop-reach-help.png` });
  await page.keyboard.press('Control+.');
  await expect(page.getByTestId('stop-notice')).toBeVisible();
  await expect(help).toBeVisible();
});

test('the shelve dialog leaves the stop in reach, and Escape still closes it', async ({ page }) => {
  await page.goto(`${stack().url}#/alarms`);
  await expectLinkUp(page, 'sts-crane-1');
  await setSimWind(stack(), 25); // above the 20 m/s trolley limit: a high alarm to shelve
  const row = page.getByTestId('alarm-sts-crane-1/wind-high');
  await expect(row).toBeVisible({ timeout: 20_000 });
  await page.getByTestId('user-badge').getByRole('button', { name: 'Log in' }).click();
  await login(page, 'operator', '2222');
  await row.getByRole('button', { name: 'Shelve…' }).click();
  const dialog = page.getByTestId('shelve-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Reason (required)')).toBeFocused();
  await expectStopOnTop(page);
  await page.screenshot({ path: `${SHOTS}/stop-reach-shelve.png` });
  await page.locator('.stop-button').click();
  await expect(page.getByTestId('stop-notice')).toBeVisible();
  await expect(dialog).toBeVisible(); // the stop does not take the operator's half-written reason away
  await dialog.getByLabel('Reason (required)').press('Escape');
  await expect(dialog).toBeHidden();
});
