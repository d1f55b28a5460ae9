/**
 * Why a jog ended, as the jog pad words it. A hold that may have reached the device (timeout, verify-mismatch, a
 * request sent and never answered) is "no answer" / "not confirmed", never "refused"; a device rejection says so; a
 * refusal keeps its values, so its catalog text is filled in the viewer's language.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ContractError } from '../../../shared/contract/errors';
import type { EquipmentSummary } from '../../../shared/contract/requests/core';
import type { CommandOutcome } from '../../../shared/contract/outcome';
import { jogEndText } from '../../../renderer/equipment/control/outcome-text';
import { refusalText } from '../../../renderer/equipment/refusal-text';
import { catalogs, type Locale, type MessageKey } from '../../../renderer/i18n/messages';
import { JogStore, type JogTransport } from '../../../renderer/stores/jog-store';

/** Messages of `locale` with their {params} filled (the catalog as the page reads it). */
const translator = (locale: Locale) => (key: MessageKey, params: Record<string, string | number> = {}) => catalogs[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));

/** The crane as the panel knows it: only its interlocks matter to the words. */
const CRANE = {
  id: 'crane',
  interlocks: [{ id: 'trolley-wind', reason: { en: 'Wind above the trolley limit', 'zh-CN': '风速超过小车限值' } }],
  tags: [{ name: 'windSpeed', address: 'input:1', type: 'float32', writable: false, label: { en: 'Wind speed', 'zh-CN': '风速' } }],
} as unknown as EquipmentSummary;

/** The jog pad's line after one hold answered `answer` (an outcome, or a thrown request error), in `locale`. */
async function endedLine(answer: CommandOutcome | Error, locale: Locale = 'en'): Promise<string> {
  const transport: JogTransport = {
    hold: async () => {
      if (answer instanceof Error) throw answer;
      return { outcome: answer, limit: 1, applied: 0.5 };
    },
    release: async () => ({}),
  };
  const jog = new JogStore();
  jog.attach(transport);
  jog.hold('crane', 'hoistJog', 0.5);
  await vi.advanceTimersByTimeAsync(1);
  const end = jog.getSnapshot().ended.get('crane/hoistJog');
  if (!end) throw new Error('the jog did not end');
  expect(jog.getSnapshot().active).toBeNull(); // whatever the outcome, the hold stops
  return jogEndText(end, translator(locale), (code, text, values) => refusalText(CRANE, code, text, locale, values));
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('a jog hold that was not ok', () => {
  it('a timeout or verify-mismatch (it may have reached the device) is "no answer" / "not confirmed", not refused', async () => {
    expect(await endedLine({ status: 'timeout', text: 'No reply from the PLC within 500 ms', latencyMs: 500 })).toBe('No answer: No reply from the PLC within 500 ms');
    expect(await endedLine({ status: 'verify-mismatch', expected: 0.5, actual: 0, text: 'Read back 0', latencyMs: 80 })).toBe('Not confirmed: Read back 0');
    expect(await endedLine({ status: 'timeout', text: 'No reply', latencyMs: 500 }, 'zh-CN')).toBe('无应答：No reply');
  });

  it('a device rejection says the device rejected it', async () => {
    expect(await endedLine({ status: 'device-rejected', code: 'exception-4', text: 'Slave device failure', latencyMs: 30 })).toBe('The device rejected it: Slave device failure');
  });

  it('a request sent and never answered (client timeout, engine link closed under it) is "no answer"', async () => {
    expect(await endedLine(new ContractError('timeout', 'jog.hold: no reply in 2000 ms'))).toBe('No answer: jog.hold: no reply in 2000 ms');
    expect(await endedLine(new ContractError('closed', 'engine went away', { sent: true }))).toBe('No answer: engine went away');
  });

  it('a request that was never sent stays a refusal', async () => {
    expect(await endedLine(new ContractError('closed', 'no engine link'))).toBe('Refused: no engine link');
  });

  it('a refusal keeps its values, so zh-CN shows the catalog text filled, not the engine English', async () => {
    const roleTooLow: CommandOutcome = { status: 'refused', stage: 'role', code: 'role-too-low', text: 'Needs operator (you are viewer)', values: { needs: 'operator', role: 'viewer' } };
    expect(await endedLine(roleTooLow, 'zh-CN')).toBe('已拒绝：需要操作员角色（您是观察员）');
    const owned: CommandOutcome = { status: 'refused', stage: 'ownership', code: 'owned-by-other', text: 'supervisor1 has control', values: { holder: 'supervisor1' } };
    expect(await endedLine(owned, 'zh-CN')).toBe('已拒绝：supervisor1 拥有控制权；如需操作请接管');
    // As the engine's gate words it: the interlock's id in the code, the stale inputs in the values.
    const unknown: CommandOutcome = { status: 'refused', stage: 'interlock', code: 'interlock-unknown:trolley-wind', text: 'Cannot check "Wind above the trolley limit": no fresh value of windSpeed', values: { inputs: 'windSpeed' } };
    expect(await endedLine(unknown, 'zh-CN')).toBe('已拒绝：无法检查“风速超过小车限值”：风速 没有最新值');
    expect(await endedLine(unknown, 'en')).toBe('Refused: Cannot check “Wind above the trolley limit”: no fresh value of Wind speed');
  });

  it('an engine stop while held keeps its own wording', () => {
    const jog = new JogStore();
    jog.attach({ hold: () => new Promise(() => undefined), release: async () => ({}) });
    jog.hold('crane', 'hoistJog', 0.5);
    jog.stoppedByEngine('crane', 'hoistJog', 'link-lost', 'The link to the equipment is lost');
    const end = jog.getSnapshot().ended.get('crane/hoistJog');
    expect(end && jogEndText(end, translator('en'), (_code, text) => text)).toBe('Jog stopped: The link to the equipment is lost');
  });
});
