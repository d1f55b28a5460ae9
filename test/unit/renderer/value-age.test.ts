/** Value ages and staleness: thresholds per scan class and protocol, the stale rule, and the age text. */
import { describe, expect, it } from 'vitest';
import { catalogs, type MessageKey } from '../../../renderer/i18n/messages';
import { ageText } from '../../../renderer/equipment/panels/values/age-text';
import { DEFAULT_STALE_MS, isStale } from '../../../renderer/equipment/panels/values/stale';
import { staleAfterMs } from '../../../shared/site/stale-after';
import { ModbusTcpConnection, OpcUaConnection } from '../../../shared/site/schema';

const t = (key: MessageKey, params: Record<string, string | number> = {}) => catalogs.en[key].replace(/\{(\w+)\}/g, (_, n: string) => String(params[n]));
const tZh = (key: MessageKey, params: Record<string, string | number> = {}) => catalogs['zh-CN'][key].replace(/\{(\w+)\}/g, (_, n: string) => String(params[n]));

describe('isStale', () => {
  it('is live only with good quality confirmed within the threshold', () => {
    expect(isStale(0, 100, 1200)).toBe(false);
    expect(isStale(0, 1200, 1200)).toBe(false);
    expect(isStale(0, 1201, 1200)).toBe(true);
    expect(isStale(2, 10, 1200)).toBe(true); // bad quality: stale however recent
    expect(isStale(undefined, undefined)).toBe(true); // no value yet
    expect(isStale(0, DEFAULT_STALE_MS + 1)).toBe(true);
  });
});

describe('staleAfterMs', () => {
  const classes = { fast: { periodMs: 100 }, slow: { periodMs: 1000 } };
  it('allows a polled value two scan periods plus the request timeout', () => {
    const modbus = ModbusTcpConnection.parse({ id: 'plc', protocol: 'modbus-tcp', host: '127.0.0.1', timeoutMs: 1000 });
    expect(staleAfterMs({ scanClass: 'fast' }, modbus, classes)).toBe(1200);
    expect(staleAfterMs({ scanClass: 'slow' }, modbus, classes)).toBe(3000);
  });

  it('allows a subscribed value one keep-alive period (10 publishing intervals) plus the timeout', () => {
    const ua = OpcUaConnection.parse({ id: 'ua', protocol: 'opcua', endpoint: 'opc.tcp://127.0.0.1:4840', security: { mode: 'None', policy: 'None' }, timeoutMs: 2000 });
    expect(staleAfterMs({ scanClass: 'fast' }, ua, classes)).toBe(3000);
  });
});

describe('ageText', () => {
  it('shows ms below a second, tenths of seconds below a minute, then minutes', () => {
    expect(ageText(undefined, t, 'en')).toBe('');
    expect(ageText(42.4, t, 'en')).toBe('42 ms ago');
    expect(ageText(1530, t, 'en')).toBe('1.5 s ago');
    expect(ageText(125_000, t, 'en')).toBe('2 min ago');
    expect(ageText(1530, tZh, 'zh-CN')).toBe('1.5 秒前');
  });
});
