/**
 * The message catalog: every user-visible string, in English and Simplified Chinese. Keys are stable.
 * Each screen area keeps its strings in `areas/<area>.ts` (an `en` object and a `zhCN` record typed against it,
 * so a key missing from Chinese fails the type check); this file joins them.
 */
import * as core from './areas/core';
import * as alarms from './areas/alarms';
import * as diagnostics from './areas/diagnostics';
import * as input from './areas/input';
import * as link from './areas/link';
import * as overview from './areas/overview';
import * as panels from './areas/panels';
import * as shell from './areas/shell';
import * as trends from './areas/trends';

const areas = [core, alarms, diagnostics, input, link, overview, panels, shell, trends] as const;

export const en = { ...core.en, ...alarms.en, ...diagnostics.en, ...input.en, ...link.en, ...overview.en, ...panels.en, ...shell.en, ...trends.en } as const;

export type MessageKey = keyof typeof en;

export const zhCN: Record<MessageKey, string> = { ...core.zhCN, ...alarms.zhCN, ...diagnostics.zhCN, ...input.zhCN, ...link.zhCN, ...overview.zhCN, ...panels.zhCN, ...shell.zhCN, ...trends.zhCN };

export const catalogs = { en, 'zh-CN': zhCN } as const;

/** Whether `key` is a catalog key (for keys built from engine values such as reasons or states). */
export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}
export type Locale = keyof typeof catalogs;

/** The areas joined above (the catalog test checks no key is defined by two areas). */
export const areaCatalogs: ReadonlyArray<{ en: Record<string, string>; zhCN: Record<string, string> }> = areas;
