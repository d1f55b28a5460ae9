/** The words for command outcomes and stop answers: an unrecorded command is never shown as a plain success. */
import { describe, expect, it } from 'vitest';
import { outcomeText, stopText } from '../../../renderer/equipment/control/outcome-text';
import { catalogs, type MessageKey } from '../../../renderer/i18n/messages';

/** English messages with their {params} filled (the catalog as the page reads it). */
const t = (key: MessageKey, params: Record<string, string | number> = {}) => catalogs.en[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
const refusal = (_code: string, text: string) => text;

describe('outcome words', () => {
  it('a success is a success; one the audit log could not record says so, as an alert', () => {
    expect(outcomeText({ status: 'ok', latencyMs: 12.4 }, t, refusal)).toEqual({ text: 'Done — confirmed by the device in 12 ms.', ok: true });
    const unrecorded = outcomeText({ status: 'ok', latencyMs: 12.4, unaudited: true }, t, refusal);
    expect(unrecorded.ok).toBe(false);
    expect(unrecorded.text).toMatch(/^Done — confirmed by the device in 12 ms\. Not recorded: the audit log failed\./);
    expect(outcomeText({ status: 'timeout', text: 'no answer', latencyMs: 500, unaudited: true }, t, refusal).text).toContain('Not recorded');
    expect(outcomeText({ status: 'refused', stage: 'audit', code: 'audit-unavailable', text: 'nothing was sent' }, t, refusal)).toMatchObject({ ok: false, text: expect.stringContaining('nothing was sent') });
  });

  it('a stop confirmed and recorded closes by itself; unrecorded, failed or refused it stays', () => {
    expect(stopText({ name: 'Crane 1', outcome: { status: 'ok', latencyMs: 8 }, attempts: 1 }, t)).toEqual({ text: 'Crane 1: stop confirmed by the device in 8\u00a0ms', ok: true });
    const unrecorded = stopText({ name: 'Crane 1', outcome: { status: 'ok', latencyMs: 8, unaudited: true }, attempts: 1 }, t);
    expect(unrecorded).toMatchObject({ ok: false, text: expect.stringMatching(/^Crane 1: stop confirmed by the device in 8\u00a0ms\. Not recorded/) });
    expect(stopText({ name: 'Crane 1', outcome: { status: 'timeout', text: 'no answer', latencyMs: 900 }, attempts: 3 }, t).ok).toBe(false);
    expect(stopText({ name: 'Crane 1', outcome: { status: 'timeout', text: 'no answer', latencyMs: 900, unaudited: true }, attempts: 3 }, t).text).toMatch(/no answer\. Not recorded/);
    const zh = (key: MessageKey, params: Record<string, string | number> = {}) => catalogs['zh-CN'][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
    expect(stopText({ name: '岸桥 1', outcome: { status: 'ok', latencyMs: 8, unaudited: true }, attempts: 1 }, zh).text).toBe('岸桥 1：设备已确认停止，用时 8\u00a0毫秒。未记录：审计日志故障。在其恢复之前，新的指令将被拒绝；停止指令仍会发出。');
    expect(stopText({ name: 'Crane 1', error: { code: 'forbidden', message: 'log in' } }, t).ok).toBe(false);
  });
});
