/**
 * Dialogs in short windows: the shortcut help and the login dialog sit wholly between the sticky top bar (header and
 * alarm banner, above every backdrop) and the window's bottom edge, and scroll inside themselves when longer, so
 * every line can be read. Screenshots: dialog-fit-help-WxH.png, dialog-fit-help-WxH-end.png, dialog-fit-login-WxH.png.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { CRANE_PANEL, demoStackOfFile, SHOTS } from './support';

const stack = demoStackOfFile();
const SIZES = [
  { width: 1280, height: 600 },
  { width: 1024, height: 560 },
];

/** The dialog lies below the top bar and above the window's bottom edge, with nothing of it cut off. */
async function expectBetweenBarAndBottom(page: Page, dialog: Locator): Promise<void> {
  const bar = (await page.locator('.app-top').boundingBox())!;
  const box = (await dialog.boundingBox())!;
  const viewport = page.viewportSize()!;
  expect(box.y, 'dialog top below the sticky top bar').toBeGreaterThanOrEqual(bar.y + bar.height - 0.5);
  expect(box.y + box.height, 'dialog bottom inside the window').toBeLessThanOrEqual(viewport.height + 0.5);
}

for (const { width, height } of SIZES) {
  test(`at ${width}x${height} the shortcut help and the login dialog fit below the header and scroll inside`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await page.goto(`${stack().url}${CRANE_PANEL}`);
    await expect(page.locator('.stop-button')).toBeVisible();
    await page.keyboard.press('F1');
    const help = page.getByTestId('shortcuts-help');
    await expect(help).toBeVisible();
    await expectBetweenBarAndBottom(page, help);
    await expect(help.getByRole('heading', { name: 'Keyboard shortcuts' })).toBeInViewport({ ratio: 1 });
    await page.screenshot({ path: `${SHOTS}/dialog-fit-help-${width}x${height}.png` });
    // Longer than the room left: it scrolls inside itself to its last line, which nothing covers; Close stays in view.
    // Strings: this file is compiled without the DOM's types.
    await page.evaluate(`(() => { const d = document.querySelector('[data-testid=shortcuts-help]'); d.scrollTo(0, d.scrollHeight); })()`);
    const last = help.locator('p.muted').last();
    await expect(last).toBeInViewport({ ratio: 1 });
    const uncovered = `(() => { const p = [...document.querySelectorAll('[data-testid=shortcuts-help] p.muted')].at(-1); const r = p.getBoundingClientRect();
      return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === p; })()`;
    expect(await page.evaluate<boolean>(uncovered), 'the last line is under neither the header nor the Close bar').toBe(true);
    await expect(help.getByRole('button', { name: 'Close' })).toBeInViewport({ ratio: 1 });
    await expectBetweenBarAndBottom(page, help);
    await page.screenshot({ path: `${SHOTS}/dialog-fit-help-${width}x${height}-end.png` });
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();

    await page.getByTestId('user-badge').getByRole('button', { name: 'Log in' }).click();
    const login = page.getByTestId('login-dialog');
    await expect(login).toBeVisible();
    await expectBetweenBarAndBottom(page, login);
    await expect(login.getByRole('button', { name: 'Log in' })).toBeInViewport({ ratio: 1 });
    await page.screenshot({ path: `${SHOTS}/dialog-fit-login-${width}x${height}.png` });
  });
}

test('Tab and Shift+Tab stay inside the login dialog, and the stop still goes by its shortcut', async ({ page }) => {
  await page.goto(`${stack().url}${CRANE_PANEL}`);
  await page.getByTestId('user-badge').getByRole('button', { name: 'Log in' }).click();
  const login = page.getByTestId('login-dialog');
  await expect(login.getByLabel('User')).toBeFocused();
  // Strings: this file is compiled without the DOM's types.
  const focusInside = () => page.evaluate<boolean>(`document.querySelector('[data-testid=login-dialog]').contains(document.activeElement)`);
  for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
    await page.keyboard.press(key);
    expect(await focusInside(), `focus inside the dialog after ${key}`).toBe(true);
  }
  // Focus left on the page (a click beside the dialog): the next Tab brings it back in.
  await page.mouse.click(5, page.viewportSize()!.height - 5);
  await page.keyboard.press('Tab');
  expect(await focusInside(), 'focus back inside after Tab from the page').toBe(true);
  await page.keyboard.press('Control+.');
  await expect(page.getByTestId('stop-notice')).toBeVisible();
});
