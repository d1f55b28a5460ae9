/**
 * Alarms through serve mode against the simulators: wind raised in the crane simulator (Modbus back door) appears in
 * the banner on every screen; an operator acknowledges and shelves it with a reason; the mute choice survives a
 * reload; the alarm history finds the changes; the audit view shows the ack and the shelve with the user.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { demoStackOfFile, expectLinkUp, login, setSimWind } from './support';

const SHOTS = 'test/.artifacts/screenshots';
const WIND_HIGH = 'sts-crane-1/wind-high';
const REASON = 'Storm front: crane parked, wind watched by radio';

const stack = demoStackOfFile();



/** Counts audio contexts and tones the page makes (the browser's own Web Audio, observed, not replaced). */
const WATCH_AUDIO = `
  const seen = { contexts: 0, tones: 0 };
  globalThis.audioSeen = seen;
  const Original = globalThis.AudioContext;
  globalThis.AudioContext = class extends Original {
    constructor(options) { super(options); seen.contexts++; }
  };
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (when) { seen.tones++; return start.call(this, when); };
`;

/** What the page's audio did so far. */
const audioSeen = (page: Page) => page.evaluate(() => (globalThis as unknown as { audioSeen: { contexts: number; tones: number } }).audioSeen);

test.describe.configure({ mode: 'serial' }); // the second test reads the audit entries the first one made

test('a simulator alarm reaches the banner, is acknowledged and shelved, and the audit shows who did it', async ({ page }) => {
  await page.addInitScript({ content: WATCH_AUDIO });
  await page.goto(`${stack().url}#/overview`);
  const banner = page.getByTestId('alarm-banner');
  await expect(banner).toBeVisible();
  await expectLinkUp(page, 'sts-crane-1');
  // Autoplay rules: no audio before the operator has touched the page; the first click makes it possible.
  expect(await audioSeen(page)).toEqual({ contexts: 0, tones: 0 });
  await page.getByRole('heading', { level: 2 }).first().click();
  await expect.poll(async () => (await audioSeen(page)).contexts).toBe(1);
  await expect(page.getByTestId('alarm-sound-toggle')).not.toHaveAttribute('title', /first click/);

  // Wind 25 m/s: above the 18 m/s warning (medium) and the 20 m/s trolley limit (high).
  await setSimWind(stack(), 25);
  await expect(banner).toContainText('Wind above the trolley limit; trolley stopped', { timeout: 20_000 });
  await expect(banner).toContainText('STS crane 1');
  await expect(banner).toContainText('High');
  await expect(banner).toContainText('Active · unacknowledged');
  await expect(banner).toContainText(/\+\d+ more unacknowledged/);
  // The high alarm's two tones (other equipment's link alarms may add theirs; which priorities sound is unit-tested).
  await expect.poll(async () => (await audioSeen(page)).tones).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('nav-alarms')).toContainText(/Alarms\s*\d+/);
  await page.screenshot({ path: `${SHOTS}/alarms-banner-en.png` });
  await page.getByRole('button', { name: '中文' }).click();
  await expect(banner).toContainText('风速超过小车限值，小车已停止');
  await expect(banner).toContainText('岸桥 1');
  await expect(banner).toContainText('报警中 · 未确认');
  await page.screenshot({ path: `${SHOTS}/alarms-banner-zh.png` });
  await page.getByRole('button', { name: 'English' }).click();

  // The banner leads to the list; logged out, the actions are disabled with the reason.
  await banner.getByRole('link').click();
  await expect(page).toHaveURL(/#\/alarms$/);
  const row = page.getByTestId(`alarm-${WIND_HIGH}`);
  await expect(row).toContainText('Active · unacknowledged');
  await expect(page.getByTestId('alarm-why')).toContainText('Read only: log in as an operator');
  await expect(row.getByRole('button', { name: 'Acknowledge' })).toBeDisabled();
  await page.getByTestId('alarm-why').getByRole('button', { name: 'Log in' }).click();
  await login(page, 'operator', '2222');
  await expect(page.getByTestId('alarm-why')).toBeHidden();

  await row.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(row).toContainText('Active · acknowledged');
  await page.screenshot({ path: `${SHOTS}/alarm-list-en.png`, fullPage: true });

  // Shelving needs a reason; the duration is a choice.
  await row.getByRole('button', { name: 'Shelve…' }).click();
  const dialog = page.getByTestId('shelve-dialog');
  await expect(dialog).toContainText('STS crane 1 — Wind above the trolley limit');
  await dialog.getByRole('button', { name: 'Shelve' }).click();
  await expect(dialog).toContainText('Enter a reason');
  await dialog.getByLabel('Reason (required)').fill(REASON);
  await dialog.getByLabel('Duration').selectOption({ label: '4 h' });
  await page.screenshot({ path: `${SHOTS}/alarm-shelve-en.png` });
  await dialog.getByRole('button', { name: 'Shelve' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText('Shelved');
  await expect(row).toContainText(`by operator: ${REASON}`);
  await expect(row.getByRole('button', { name: 'Unshelve' })).toBeEnabled();
  await page.getByRole('button', { name: '中文' }).click();
  await expect(row).toContainText('已搁置');
  await page.screenshot({ path: `${SHOTS}/alarm-list-zh.png`, fullPage: true });
  await page.getByRole('button', { name: 'English' }).click();

  // The mute choice is visible and survives a reload.
  const toggle = page.getByTestId('alarm-sound-toggle').first();
  await expect(toggle).toHaveText('Sound on');
  await toggle.click();
  await expect(toggle).toHaveText('Sound muted');
  await page.reload();
  await expect(page.getByTestId('alarm-sound-toggle').first()).toHaveText('Sound muted');
  await page.getByTestId('alarm-sound-toggle').first().click();
  await expect(page.getByTestId('alarm-sound-toggle').first()).toHaveText('Sound on');

  // History search: this equipment, text "trolley" finds the raise, the ack and the shelve.
  await page.getByRole('tab', { name: 'History search' }).click();
  await page.getByLabel('Equipment').selectOption({ label: 'STS crane 1' });
  await page.getByLabel('Text contains').fill('trolley');
  await page.getByRole('button', { name: 'Search' }).click();
  const history = page.getByTestId('alarm-history-table');
  await expect(history).toContainText('Active · acknowledged → Shelved');
  await expect(history).toContainText('Active · unacknowledged → Active · acknowledged');
  await expect(history).toContainText(REASON);
  await expect(history).not.toContainText('Wind above 18 m/s');
  // Times are typed 24-hour whatever the system's locale (the browser's own picker showed AM/PM); a slip is refused, said how.
  const from = page.getByLabel('From');
  await expect(from).toHaveValue(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  await page.screenshot({ path: `${SHOTS}/alarm-history-en.png`, fullPage: true });
  const typed = await from.inputValue();
  await from.fill('2026-11-28 2:05 PM');
  await expect(from).toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('alarm-history').getByRole('alert')).toContainText('24-hour');
  await expect(history).toContainText('Active · acknowledged → Shelved'); // the last results stay
  await from.fill(typed);
  await expect(from).toHaveAttribute('aria-invalid', 'false');
  // "Last hour" fills both times and searches at once.
  await page.getByRole('group', { name: 'Last' }).getByRole('button', { name: 'hour', exact: true }).click();
  await expect(page.getByTestId('alarm-history').getByRole('alert')).toHaveCount(0);
  await expect(history).toContainText('Active · acknowledged → Shelved');
  expect(parseTyped(await page.getByLabel('To').inputValue()) - parseTyped(await from.inputValue())).toBe(61 * 60_000);

  // The audit needs maintenance (the reload above ended the operator's session): the reason first, then the entries.
  await page.getByRole('link', { name: 'Audit log →' }).click();
  await expect(page.getByTestId('audit-why')).toContainText('needs a maintenance or administrator login');
  await page.getByTestId('audit-why').getByRole('button', { name: 'Log in' }).click();
  await login(page, 'maintenance', '3333');
  await page.getByTestId('audit-filter').selectOption('alarms');
  const audit = page.getByTestId('audit-table');
  const shelve = audit.getByRole('row').filter({ hasText: 'Alarm shelved' });
  const ack = audit.getByRole('row').filter({ hasText: 'Alarm acknowledged' });
  await expect(shelve).toHaveCount(1);
  await expect(shelve).toContainText('operator · operator');
  await expect(shelve).toContainText('STS crane 1 — Wind above the trolley limit; trolley stopped');
  await expect(shelve).toContainText(REASON);
  await expect(shelve).toContainText('4 h');
  await expect(shelve).toContainText('done');
  await expect(ack).toHaveCount(1);
  await expect(ack).toContainText('operator · operator');
  // The whole hash chain checks out from here, no shell needed.
  await page.getByTestId('audit-chain-check').click();
  await expect(page.getByTestId('audit-chain-result')).toContainText(/^Chain intact: \d+ entries in 1 file\(s\), up to entry \d+\.$/);
  await page.screenshot({ path: `${SHOTS}/audit-en.png`, fullPage: true });
  await page.getByRole('button', { name: '中文' }).click();
  const shelveZh = audit.getByRole('row').filter({ hasText: '报警已搁置' });
  await expect(shelveZh).toContainText('岸桥 1 — 风速超过小车限值，小车已停止');
  await expect(shelveZh).toContainText('4 小时');
  await page.screenshot({ path: `${SHOTS}/audit-zh.png`, fullPage: true });
  await page.getByRole('button', { name: 'English' }).click();

  // Acknowledge everything shown: the banner calms down, and the audit view shows the new acks by itself.
  await page.getByRole('link', { name: '← Alarms' }).click();
  const ackAll = page.getByTestId('alarm-ack-all');
  await expect(ackAll).toBeEnabled();
  await ackAll.click();
  await expect(banner).toContainText(/active, all acknowledged/);
  await expect(page.getByTestId('nav-alarms')).toHaveText('Alarms');
  await page.screenshot({ path: `${SHOTS}/alarms-banner-calm-en.png` });
  await page.getByRole('link', { name: 'Audit log →' }).click();
  await expect.poll(() => ack.count()).toBeGreaterThanOrEqual(2);
  await expect(audit.getByRole('row').filter({ hasText: 'maintenance · maintenance' }).first()).toContainText('Alarm acknowledged');
});

test('an audit entry edited after it was written is flagged NOT GENUINE on the audit page, and the chain check fails', async ({ page }) => {
  // The shelve recorded above, its reason changed in the file without re-hashing it.
  const dir = join(stack().dataDir, 'audit');
  const file = join(dir, readdirSync(dir).filter((name) => name.endsWith('.jsonl')).sort().at(-1) as string);
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(REASON);
  writeFileSync(file, text.replace(REASON, 'Nothing to see here'));
  await page.goto(`${stack().url}#/audit`);
  await page.getByTestId('audit-why').getByRole('button', { name: 'Log in' }).click();
  await login(page, 'maintenance', '3333');
  await page.getByTestId('audit-filter').selectOption('alarms');
  const shelve = page.getByTestId('audit-table').getByRole('row').filter({ hasText: 'Alarm shelved' });
  await expect(shelve).toContainText('Nothing to see here');
  await expect(shelve).toContainText('NOT GENUINE: does not match its hash');
  await page.getByTestId('audit-chain-check').click();
  await expect(page.getByTestId('audit-chain-result')).not.toContainText('Chain intact');
});


/** A "YYYY-MM-DD HH:MM" field's text as local time. */
function parseTyped(text: string): number {
  const [date = '', time = ''] = text.split(' ');
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  return new Date(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0).getTime();
}
