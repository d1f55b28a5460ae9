/**
 * The header at the operator's screen sizes: one compact row (≤ 64 px) at 1440 and 1280 px wide in both languages,
 * still showing every equipment's link with its RTT, the console link, the user, the locale switch, the whole
 * navigation (Audit included) and the supplementary stop with its caption. Screenshots: header-en.png, header-zh.png.
 */
import { expect, test, type Page } from '@playwright/test';
import { startDemoStack, type DemoStack } from '../support/demo-stack';

const SHOTS = 'test/.artifacts/screenshots';
const EQUIPMENT = ['sts-crane-1', 'ladle-crane-1', 'drill-rig-1'];
const MAX_HEADER_PX = 64;

let stack: DemoStack;
test.beforeAll(async () => {
  stack = await startDemoStack();
});
test.afterAll(async () => stack?.close());

/** Checks the header fits and shows everything, and returns its height. */
async function checkHeader(page: Page, width: number): Promise<number> {
  await page.setViewportSize({ width, height: 900 });
  const header = page.locator('header.header');
  const box = (await header.boundingBox())!;
  const links = (await page.locator('.link-health').boundingBox())!;
  for (const id of EQUIPMENT) {
    const badge = (await page.getByTestId(`link-${id}`).boundingBox())!;
    // Inside the link area, not clipped away by it.
    expect(badge.x, `${id} at ${width} px`).toBeGreaterThanOrEqual(links.x - 0.5);
    expect(badge.x + badge.width, `${id} at ${width} px`).toBeLessThanOrEqual(links.x + links.width + 0.5);
  }
  const stop = (await page.locator('.stop-button').boundingBox())!;
  expect(stop.x + stop.width).toBeLessThanOrEqual(width);
  await expect(page.locator('#stop-caption')).toBeVisible();
  await expect(page.getByTestId('nav-audit')).toBeVisible();
  await expect(page.getByTestId('user-badge')).toBeVisible();
  await expect(page.getByTestId('console-link')).toBeVisible();
  return box.height;
}

test('one compact row at 1440 and 1280 px in English and Chinese, logged out and in', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${stack.url}#/equipment/sts-crane-1`);
  await expect(page.getByTestId('link-sts-crane-1')).toContainText(/STS crane 1.*\d ms/, { timeout: 30_000 });
  await expect(page.getByTestId('console-link')).toContainText(/Console \d+ ms/, { timeout: 20_000 });
  const heights: string[] = [];
  for (const [lang, button] of [['en', '中文'], ['zh', 'English']] as const) {
    for (const width of [1440, 1280]) {
      const height = await checkHeader(page, width);
      await page.screenshot({ path: `${SHOTS}/header-${lang}${width === 1440 ? '' : `-${width}`}.png`, clip: { x: 0, y: 0, width, height: 200 } });
      heights.push(`${lang} ${width}px: ${height.toFixed(0)} px`);
      expect(height, `${lang} at ${width} px`).toBeLessThanOrEqual(MAX_HEADER_PX);
    }
    await page.getByRole('button', { name: button }).click();
  }
  // Logged in, the user's name and role replace the (longer) read-only note.
  await page.getByTestId('user-badge').getByRole('button', { name: 'Log in' }).click();
  const dialog = page.getByTestId('login-dialog');
  await dialog.getByLabel('User').fill('operator');
  await dialog.getByLabel('PIN').fill('2222');
  await dialog.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByTestId('user-badge')).toContainText('operator');
  for (const width of [1440, 1280]) {
    const height = await checkHeader(page, width);
    heights.push(`en logged in ${width}px: ${height.toFixed(0)} px`);
    expect(height).toBeLessThanOrEqual(MAX_HEADER_PX);
  }
  console.log(`header heights: ${heights.join('; ')}`);
});
