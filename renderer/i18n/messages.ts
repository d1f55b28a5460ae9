/**
 * The message catalog: every user-visible string, in English and Simplified Chinese. Keys are stable.
 * Each screen area keeps its strings in `areas/<area>.ts` (an `en` object and a `zhCN` record typed against it,
 * so a key missing from Chinese fails the type check); this file joins them.
 */
import * as core from './areas/core';
import * as input from './areas/input';

const areas = [core, input] as const;

export const en = { ...core.en, ...input.en } as const;

export type MessageKey = keyof typeof en;

export const zhCN: Record<MessageKey, string> = { ...core.zhCN, ...input.zhCN };

export const catalogs = { en, 'zh-CN': zhCN } as const;

/** Whether `key` is a catalog key (for keys built from engine values such as reasons or states). */
export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}
export type Locale = keyof typeof catalogs;

/** Number of areas joined (the catalog test checks no key is defined by two areas). */
export const areaCatalogs: ReadonlyArray<{ en: Record<string, string>; zhCN: Record<string, string> }> = areas;
