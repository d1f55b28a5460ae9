/**
 * Link health through serve mode against the simulators behind the link lab: the link page with live figures, and an
 * outage switched from the page's lab switch (as an administrator) while an operator holds control of the crane —
 * the header shows the link lost, the crane's controls disable with the reason, and after the link is back nothing
 * resumes by itself: control has to be taken again.
 */
import { expect, test, type Page } from '@playwright/test';
import { startLinkLabStack, type LinkLabStack } from '../support/link-lab-stack';
import { login as loginInDialog } from './support';

const SHOTS = 'test/.artifacts/screenshots';
const CRANE_PANEL = '#/equipment/sts-crane-1';
/** A link that answers: good on a quiet machine; degraded or unsafe when the shared cores are busy (probes late). */
const LIVE = /good|degraded|UNSAFE/;
/** The header badge of an answering link: its RTT, and the quality word when not good. */
const LIVE_WITH_RTT = /1 ((degraded|UNSAFE) )?\d[\d.]* ms/;

let stack: LinkLabStack;
test.beforeAll(async () => {
  stack = await startLinkLabStack('5g-good');
});
test.afterAll(async () => stack?.close());
test.describe.configure({ mode: 'serial' });

/** Opens the login dialog with `opener`, then logs in through it. */
async function login(page: Page, opener: () => Promise<void>, user: string, pin: string): Promise<void> {
  await opener();
  await loginInDialog(page, user, pin);
}

/** The crane's 10 s p50 as the link page shows it ("10.6 ms" → 10.6). */
async function craneP50(page: Page): Promise<number> {
  const text = (await page.getByTestId('link-conn-crane-plc').locator('.link-windows tbody tr').first().locator('td').first().textContent()) ?? '';
  return Number(text.replace(/[^\d.]/g, ''));
}

test('the link page shows each connection live, the console link, and the lab switch for an administrator', async ({ page }) => {
  await page.goto(`${stack.url}#/link`);
  await expect(page.getByTestId('link-page')).toBeVisible();
  // Read only: the lab switch is there (a lab runs) but needs an administrator.
  await expect(page.getByTestId('lab-reason')).toContainText('needs an administrator login');
  await expect(page.getByTestId('lab-apply')).toBeDisabled();
  await login(page, () => page.getByTestId('lab-switch').getByRole('button', { name: 'Log in as administrator' }).click(), 'admin', '4444');
  await expect(page.getByTestId('lab-apply')).toBeEnabled();
  await expect(page.getByTestId('lab-profile')).toContainText('5g-good');

  // Every equipment in the header by its label, with its quality and RTT; the crane behind 5g-good (10 ms round trip).
  const crane = page.getByTestId('link-sts-crane-1');
  await expect(crane).toContainText('STS crane 1', { timeout: 30_000 });
  await expect(crane).toContainText(LIVE_WITH_RTT, { timeout: 30_000 });
  // The rig's OPC UA server certificate is not trusted yet on this fresh install: its link is lost, and says why.
  await expect(page.getByTestId('link-drill-rig-1')).toContainText('Drill rig 1 LINK LOST');
  await expect(page.getByTestId('link-state-rig-ua')).toContainText('Server certificate not trusted', { timeout: 30_000 });
  await expect.poll(() => craneP50(page), { timeout: 20_000 }).toBeGreaterThan(9);
  // The first seconds after start carry start-up delays (see the note on RTT right after start): wait for the 10 s
  // window to settle near the profile's 10 ms, and never below the link's own delay.
  await expect.poll(() => craneP50(page), { timeout: 30_000 }).toBeLessThan(30);
  expect(await craneP50(page)).toBeGreaterThan(9);
  // The header's console badge is compact (median delivery); its title and the link page carry the full figures.
  await expect(page.getByTestId('console-link')).toContainText(/Console \d+ ms/, { timeout: 20_000 });
  await expect(page.getByTestId('console-link')).toHaveAttribute('title', /Console link: \d+ ms \(p95 \d+ ms\), newest frame \d+ ms old/);
  await expect(page.getByTestId('link-quality-sts-crane-1')).toContainText(LIVE);
  await expect(page.getByTestId('link-history-sts-crane-1')).toContainText(LIVE);
  await expect(page.getByTestId('link-no-answers-rig-ua')).toBeVisible();
  await expect(page.getByTestId('rtt-chart-crane-plc').locator('canvas')).toBeVisible();
  const consoleLink = (await page.getByTestId('console-link').getAttribute('title')) ?? '';
  console.log(`link page: crane p50 ${await craneP50(page)} ms; ${consoleLink}`);
  await page.screenshot({ path: `${SHOTS}/link-page-en.png`, fullPage: true });

  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByTestId('link-page')).toContainText('链路健康');
  await expect(crane).toContainText('岸桥 1');
  await page.screenshot({ path: `${SHOTS}/link-page-zh.png`, fullPage: true });
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByTestId('link-page')).toContainText('Link health');
});

test('outage-1s from the lab switch: header shows the link lost, controls disable with the reason, control must be re-armed', async ({ browser }) => {
  // The operator at the crane panel, holding control.
  const operatorContext = await browser.newContext();
  const operator = await operatorContext.newPage();
  await operator.goto(`${stack.url}${CRANE_PANEL}`);
  await login(operator, () => operator.getByTestId('user-badge').getByRole('button', { name: 'Log in' }).click(), 'operator', '2222');
  const craneBadge = operator.getByTestId('link-sts-crane-1');
  await expect(craneBadge).toContainText(LIVE_WITH_RTT, { timeout: 30_000 });
  await operator.getByRole('button', { name: 'Take control' }).click();
  await expect(operator.getByTestId('control-holder')).toHaveText('You have control');
  await expect(operator.getByTestId('jog-hoistJog-plus')).toBeEnabled();

  // The presenter, an administrator on the link page of a second console window.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await admin.goto(`${stack.url}#/link`);
  await login(admin, () => admin.getByTestId('user-badge').getByRole('button', { name: 'Log in' }).click(), 'admin', '4444');
  await expect(admin.getByTestId('lab-apply')).toBeEnabled();

  // Watch the operator's header badge from inside the page, so the figure is when it was drawn, not when we polled.
  await operator.evaluate(() => {
    // Browser globals, typed here (the tests compile without the DOM library).
    type Observer = new (callback: () => void) => { observe(target: unknown, options: object): void };
    const g = globalThis as unknown as { document: { querySelector(selector: string): { textContent: string | null } }; MutationObserver: Observer; lostAt?: number };
    const badge = g.document.querySelector('[data-testid="link-sts-crane-1"]');
    new g.MutationObserver(() => {
      if (g.lostAt === undefined && badge.textContent?.includes('LINK LOST')) g.lostAt = Date.now();
    }).observe(badge, { subtree: true, childList: true, characterData: true });
  });
  await admin.getByTestId('lab-choice').selectOption('outage-1s');
  const switchedAt = Date.now();
  await admin.getByTestId('lab-apply').click();

  await expect(craneBadge).toContainText('LINK LOST', { timeout: 5_000 });
  const lostAt = await operator.evaluate(() => (globalThis as unknown as { lostAt?: number }).lostAt);
  expect(lostAt).toBeDefined();
  await operator.screenshot({ path: `${SHOTS}/header-link-lost-en.png` });
  // Controls disable with the reason while the link is down (the operator's control was released with it).
  await expect(operator.getByTestId('jog-hoistJog-plus')).toBeDisabled();
  await expect(operator.getByTestId('control-section')).toContainText(/link to the equipment is (down|lost)|Take control first/);
  await expect(admin.getByTestId('lab-result')).toContainText('Switched to outage-1s');
  const lostMs = (lostAt as number) - switchedAt;
  console.log(`outage-1s: header showed LINK LOST ${lostMs} ms after the switch was clicked`);
  expect(lostMs).toBeLessThan(5_000); // generous bound; the figure is reported above

  // Back to 5g-good before the profile's next outage (every 10 s); the link comes back by itself…
  await admin.getByTestId('lab-choice').selectOption('5g-good');
  await admin.getByTestId('lab-apply').click();
  await expect(admin.getByTestId('lab-result')).toContainText('Switched to 5g-good');
  await expect(craneBadge).toContainText(LIVE_WITH_RTT, { timeout: 30_000 });
  // …but control does not: nothing resumes; the operator must take control again, and then may move. (Once the
  // owner register is read again, the row says the device still names this console: its watchdog tripped, nobody here
  // holds control.)
  await expect(operator.getByTestId('control-holder')).toHaveText(/^Nobody has control( here, but the device still names this console)?/);
  await expect(operator.getByTestId('control-section')).toContainText('Take control first');
  await expect(operator.getByTestId('jog-hoistJog-plus')).toBeDisabled();
  await operator.getByRole('button', { name: 'Take control' }).click();
  await expect(operator.getByTestId('control-holder')).toHaveText('You have control');
  // Motion is enabled while the link is not unsafe: on a loaded machine its round trips can read unsafe for a few seconds.
  await expect(operator.getByTestId('jog-hoistJog-plus')).toBeEnabled({ timeout: 15_000 });
  // The quality change is in the link page's history, with its time.
  await expect(admin.getByTestId('link-history-sts-crane-1')).toContainText('LINK LOST');
  // The engine keeps that history: a reload of the page still shows it.
  await admin.reload();
  await expect(admin.getByTestId('link-history-sts-crane-1')).toContainText('LINK LOST', { timeout: 15_000 });
  await operatorContext.close();
  await adminContext.close();
});

test("on a 1024 px screen behind 4G, the panel's link line keeps one line and its round-trip figures whole, the reason giving way", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  await page.goto(`${stack.url}#/link`);
  await login(page, () => page.getByTestId('user-badge').getByRole('button', { name: 'Log in' }).click(), 'admin', '4444');
  await page.getByTestId('lab-choice').selectOption('4g');
  await page.getByTestId('lab-apply').click();
  await expect(page.getByTestId('lab-result')).toContainText('Switched to 4g');
  // In-page navigation (a load would be a new engine connection, logged out).
  const go = (hash: string) => page.evaluate((h) => ((globalThis as unknown as { location: { hash: string } }).location.hash = h), hash);
  try {
    await go(CRANE_PANEL);
    // 80 ms round trips: over the comfort limit, so the line names the quality and why (a long text).
    await expect(page.getByTestId('panel-link')).toContainText(/(degraded|unsafe) —/i, { timeout: 30_000 });
    const rttWhole = () =>
      page.evaluate(() => {
        type Box = { left: number; right: number; height: number };
        const d = (globalThis as unknown as { document: { querySelector(s: string): { getBoundingClientRect(): Box } | null } }).document;
        const line = d.querySelector('[data-testid="panel-link"]')?.getBoundingClientRect();
        const rtt = d.querySelector('[data-testid="panel-rtt"]')?.getBoundingClientRect();
        return !!line && !!rtt && rtt.left >= line.left - 0.5 && rtt.right <= line.right + 0.5 && line.height < 30;
      });
    await expect.poll(rttWhole, { message: 'panel RTT whole, on one line, at 1024 px' }).toBe(true);
    await page.screenshot({ path: `${SHOTS}/panel-link-4g-1024.png`, clip: { x: 0, y: 0, width: 1024, height: 260 } });
  } finally {
    await go('#/link');
    await page.getByTestId('lab-choice').selectOption('5g-good');
    await page.getByTestId('lab-apply').click();
    await expect(page.getByTestId('lab-result')).toContainText('Switched to 5g-good');
    await context.close();
  }
});

