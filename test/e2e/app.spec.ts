import { expect, test, type Page } from '@playwright/test';
import { expectLinkUp } from './support';
import { startDemoStack, type DemoStack } from '../support/demo-stack';

let stack: DemoStack;
test.beforeAll(async () => {
  stack = await startDemoStack();
});
test.afterAll(async () => stack?.close());

test('loads through serve mode and shows the demo equipment', async ({ page }) => {
  await page.goto(stack.url);
  await expect(page.getByTestId('engine-link')).toContainText('connected');
  await expect(page.getByTestId('site-name')).toHaveText('Demo terminal (simulators)');
  for (const id of ['sts-crane-1', 'ladle-crane-1', 'drill-rig-1']) await expect(page.getByTestId(`tile-${id}`)).toBeVisible();
  await expect(page.getByRole('button', { name: 'STOP' })).toBeVisible();
  await expect(page.getByText('Supplementary stop — not an emergency stop')).toBeVisible();
  expect(new URL(page.url()).searchParams.has('token')).toBe(false); // the token leaves the address bar
  await page.screenshot({ path: 'test/.artifacts/screenshots/overview.png', fullPage: true });
});

test('navigates overview → equipment → diagnostics', async ({ page }) => {
  await page.goto(stack.url);
  await page.getByTestId('tile-sts-crane-1').getByRole('link').click();
  await expect(page.getByRole('heading', { name: 'STS crane 1' })).toBeVisible();
  // Live values from the crane simulator through the Modbus driver, engine and telemetry frames.
  await expect(page.getByTestId('tag-windSpeed')).toHaveClass('value-good', { timeout: 20_000 });
  await expect(page.getByTestId('tag-windSpeed')).toContainText('m/s');
  await expectLinkUp(page, 'sts-crane-1');
  await page.screenshot({ path: 'test/.artifacts/screenshots/equipment-crane.png', fullPage: true });
  await page.getByRole('link', { name: 'Diagnostics' }).click();
  await expect(page.getByTestId('diag-crane-plc')).toBeVisible();
  await page.screenshot({ path: 'test/.artifacts/screenshots/diagnostics.png', fullPage: true });
});

test('switches the whole UI to Simplified Chinese', async ({ page }) => {
  await page.goto(stack.url);
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('heading', { name: '设备总览' })).toBeVisible();
  await expect(page.getByText('辅助停止 — 非紧急停止')).toBeVisible();
  await page.screenshot({ path: 'test/.artifacts/screenshots/app-zh.png', fullPage: true });
  // The choice is remembered: a reload stays in Chinese.
  await page.reload();
  await expect(page.getByRole('heading', { name: '设备总览' })).toBeVisible();
  await page.getByRole('button', { name: 'English' }).click();
});

test('without the token the page gets no engine access and says why', async ({ page }) => {
  await page.goto(stack.url.replace(/\?token=.*/, ''));
  await expect(page.getByRole('alert')).toContainText('no access token', { timeout: 10_000 });
  await expect(page.getByTestId('engine-link')).toContainText('lost');
  await expect(page.getByTestId('equipment-list').locator('li')).toHaveCount(0);
});

test('a reload after the token left the address bar keeps the engine link', async ({ page }) => {
  await page.goto(stack.url);
  await expect(page.getByTestId('engine-link')).toContainText('connected');
  await page.reload();
  await expect(page.getByTestId('engine-link')).toContainText('connected');
  await expect(page.getByTestId('tile-sts-crane-1')).toBeVisible();
});

test('trusts the drill rig certificate through the UI and the rig connects securely', async ({ page }) => {
  await page.goto(`${stack.url}#/diagnostics`);
  await expect(page.getByTestId('diag-rig-ua')).toContainText('not trusted', { timeout: 30_000 });
  const rejected = page.getByTestId('certs-rejected');
  await expect(rejected).toContainText('rig simulator');
  await page.screenshot({ path: 'test/.artifacts/screenshots/diagnostics-untrusted.png', fullPage: true });
  // Trust changes need an administrator: the action asks for the login, then goes ahead.
  await rejected.getByRole('button', { name: 'Trust and retry' }).first().click();
  const dialog = page.getByTestId('login-dialog');
  await expect(dialog).toContainText('needs an administrator login');
  await page.screenshot({ path: 'test/.artifacts/screenshots/diagnostics-trust-login.png' });
  await dialog.getByLabel('User').fill('admin');
  await dialog.getByLabel('PIN').fill('4444');
  await dialog.getByRole('button', { name: 'Log in' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('user-badge')).toContainText('admin · administrator');
  await expect(page.getByTestId('diag-rig-ua')).toContainText('connected', { timeout: 30_000 });
  await expectLinkUp(page, 'drill-rig-1');
  await expect(page.getByTestId('certs-trusted')).toContainText('rig simulator');
  await page.screenshot({ path: 'test/.artifacts/screenshots/diagnostics-trusted.png', fullPage: true });
  await page.getByRole('link', { name: 'Overview' }).click();
  await page.getByTestId('tile-drill-rig-1').getByRole('link').click();
  await expect(page.locator('tbody tr.value-good').first()).toBeVisible({ timeout: 20_000 });
  await page.screenshot({ path: 'test/.artifacts/screenshots/equipment-rig.png', fullPage: true });
});

/** This page's console identity and token, as kept in its session storage. */
type Kept = Record<'rec.consoleTag' | 'rec.consoleKey' | 'rec-token', string | null>;
const keptIn = (page: Page) =>
  page.evaluate(() => {
    // Runs in the page (these files are typed without the DOM).
    const storage = (globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }).sessionStorage;
    return { 'rec.consoleTag': storage.getItem('rec.consoleTag'), 'rec.consoleKey': storage.getItem('rec.consoleKey'), 'rec-token': storage.getItem('rec-token') } as Kept;
  });

test('a duplicated tab becomes a console of its own; a reload keeps its identity', async ({ context, page }) => {
  await page.goto(stack.url);
  await expect(page.getByTestId('engine-link')).toContainText('connected');
  await expect.poll(async () => (await keptIn(page))['rec.consoleKey']).not.toBeNull();
  const first = await keptIn(page);
  // "Duplicate tab": a new tab that starts with a copy of this one's session storage.
  const copy = await context.newPage();
  await copy.addInitScript((stored: Kept) => {
    const storage = (globalThis as unknown as { sessionStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void } }).sessionStorage;
    for (const [name, value] of Object.entries(stored)) if (value !== null && storage.getItem(name) === null) storage.setItem(name, value);
  }, first);
  await copy.goto(stack.url);
  await expect(copy.getByTestId('engine-link')).toContainText('connected');
  await expect.poll(async () => (await keptIn(copy))['rec.consoleKey']).not.toBeNull();
  const duplicate = await keptIn(copy);
  expect(duplicate['rec.consoleTag']).not.toBe(first['rec.consoleTag']);
  expect(duplicate['rec.consoleKey']).not.toBe(first['rec.consoleKey']);
  // The first tab, reloaded while the copy is open, is still the console it was.
  await page.reload();
  await expect(page.getByTestId('engine-link')).toContainText('connected');
  expect(await keptIn(page)).toMatchObject({ 'rec.consoleTag': first['rec.consoleTag'], 'rec.consoleKey': first['rec.consoleKey'] });
  await copy.close();
});
