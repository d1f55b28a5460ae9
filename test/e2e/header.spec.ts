/**
 * The header at the operator's screen sizes: one compact row (≤ 64 px) at 1440 and 1280 px wide in both languages,
 * still showing every equipment's link with its RTT, the console link, the user, the locale switch, the whole
 * navigation (Audit included) and the supplementary stop with its caption. At 1024 px the badges would not fit: the
 * navigation takes a second line (≤ 90 px in all) and every badge stays whole. Screenshots: header-en.png,
 * header-zh.png, header-en-1024.png, header-zh-1024.png.
 */
import { expect, test, type Page } from '@playwright/test';
import { startDemoStack, type DemoStack } from '../support/demo-stack';

const SHOTS = 'test/.artifacts/screenshots';
const EQUIPMENT = ['sts-crane-1', 'ladle-crane-1', 'drill-rig-1'];
const MAX_HEADER_PX = 64;
/** Two lines where the badges need the navigation's room. */
const MAX_NARROW_HEADER_PX = 90;

let stack: DemoStack;
test.beforeAll(async () => {
  stack = await startDemoStack();
});
test.afterAll(async () => stack?.close());

/**
 * What is cut off in the header at this moment, read in one layout (badge texts change every second, and the
 * header's choice of lines with them): every badge, console's included, inside the link area; the stop and the
 * navigation inside the window; the site's name whole; the panel's RTT figures inside its link line; and the header's height.
 */
function headerProblems(equipment: readonly string[]): { problems: string[]; height: number } {
  // Runs in the page (these files are typed without the DOM): the little of it used here.
  type Rect = { left: number; right: number; height: number };
  type Element = { getBoundingClientRect(): Rect; scrollHeight: number; clientHeight: number };
  const page = globalThis as unknown as { document: { querySelector(s: string): Element | null }; innerWidth: number };
  const box = (selector: string) => page.document.querySelector(selector)?.getBoundingClientRect();
  const links = box('.link-health');
  const problems: string[] = [];
  if (!links) return { problems: ['no link area'], height: 0 };
  for (const selector of ['[data-testid="console-link"]', ...equipment.map((id) => `[data-testid="link-${id}"]`)]) {
    const badge = box(selector);
    if (!badge || badge.left < links.left - 0.5 || badge.right > links.right + 0.5) problems.push(`${selector} cut off`);
  }
  for (const selector of ['.stop-button', 'header.header .nav']) {
    const item = box(selector);
    if (!item || item.right > page.innerWidth) problems.push(`${selector} cut off`);
  }
  // The site's name is whole (the demo's "Demo terminal (simulators)" was cut to "Demo terminal…" at 1365 px and less).
  const site = page.document.querySelector('[data-testid="site-name"]');
  if (!site || site.scrollHeight > site.clientHeight + 0.5) problems.push('site name cut off');
  // Who is logged in stays in its place, never over the stop beside it (a long role is cut with an ellipsis).
  const who = box('.header .user-name') ?? box('.header .user-none');
  const stop = box('.header .stop');
  if (!who || !stop || who.right > stop.left) problems.push('user over the stop');
  // The panel's link line below keeps one line (the jog buttons under it never move): its reason gives way, never the RTT.
  const line = box('[data-testid="panel-link"]');
  const rtt = box('[data-testid="panel-rtt"]');
  if (line && (!rtt || rtt.right > line.right + 0.5 || rtt.left < line.left - 0.5)) problems.push('panel RTT cut off');
  return { problems, height: box('header.header')?.height ?? 0 };
}

/** Checks the header fits and shows everything, and returns its height. */
async function checkHeader(page: Page, width: number): Promise<number> {
  await page.setViewportSize({ width, height: 900 });
  // The header settles a frame or two after a resize (its line choice is made on the resize): polled, not slept.
  await expect.poll(async () => (await page.evaluate(headerProblems, EQUIPMENT)).problems, { message: `header at ${width} px` }).toEqual([]);
  await expect(page.locator('#stop-caption')).toBeVisible();
  await expect(page.getByTestId('nav-audit')).toBeVisible();
  await expect(page.getByTestId('user-badge')).toBeVisible();
  await expect(page.getByTestId('console-link')).toBeVisible();
  return (await page.evaluate(headerProblems, EQUIPMENT)).height;
}

test('one compact row at 1440 and 1280 px, the navigation on a second line at 1024 px where the badges need its room, in English and Chinese, logged out and in', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${stack.url}#/equipment/sts-crane-1`);
  await expect(page.getByTestId('link-sts-crane-1')).toContainText(/STS crane 1.*\d ms/, { timeout: 30_000 });
  await expect(page.getByTestId('console-link')).toContainText(/Console \d+ ms/, { timeout: 20_000 });
  const heights: string[] = [];
  const loggedOut = new Map<number, number>();
  for (const [lang, button] of [['en', '中文'], ['zh', 'English']] as const) {
    for (const width of [1440, 1280, 1024]) {
      const height = await checkHeader(page, width);
      if (lang === 'en') loggedOut.set(width, height);
      await page.screenshot({ path: `${SHOTS}/header-${lang}${width === 1440 ? '' : `-${width}`}.png`, clip: { x: 0, y: 0, width, height: 200 } });
      heights.push(`${lang} ${width}px: ${height.toFixed(0)} px`);
      expect(height, `${lang} at ${width} px`).toBeLessThanOrEqual(width === 1024 ? MAX_NARROW_HEADER_PX : MAX_HEADER_PX);
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
  const whole = () => page.locator('.header .user-name').evaluate((el) => {
      // This project's type-check has no DOM: the element's scroll and client sizes, as the page gives them.
      const e = el as unknown as { scrollHeight: number; clientHeight: number; scrollWidth: number; clientWidth: number };
      return e.scrollHeight <= e.clientHeight + 1 && e.scrollWidth <= e.clientWidth + 1;
    });
  for (const width of [1440, 1280, 1024]) {
    const height = await checkHeader(page, width);
    heights.push(`en logged in ${width}px: ${height.toFixed(0)} px`);
    expect(height).toBeLessThanOrEqual(width === 1024 ? MAX_NARROW_HEADER_PX : MAX_HEADER_PX);
    expect(height, `the header keeps its height across the login at ${width} px`).toBeCloseTo(loggedOut.get(width) ?? 0, 0);
    expect(await whole(), `"operator · operator" whole at ${width} px`).toBe(true);
  }
  // The longest role word, administrator, cut rather than spilling over the stop.
  await page.getByTestId('user-badge').getByRole('button', { name: 'Log out' }).click();
  await page.getByTestId('user-badge').getByRole('button', { name: 'Log in' }).click();
  await dialog.getByLabel('User').fill('admin');
  await dialog.getByLabel('PIN').fill('4444');
  await dialog.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByTestId('user-badge')).toContainText('admin');
  for (const width of [1280, 1024]) expect(await checkHeader(page, width)).toBeLessThanOrEqual(width === 1024 ? MAX_NARROW_HEADER_PX : MAX_HEADER_PX);
  await page.screenshot({ path: `${SHOTS}/header-admin-1024.png`, clip: { x: 0, y: 0, width: 1024, height: 200 } });
  console.log(`header heights: ${heights.join('; ')}`);
});
