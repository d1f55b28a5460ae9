/** One tag of an equipment as a panel shows it: label, value text, unit, age since confirmation and status. */
import type { z } from 'zod';
import type { EquipmentSummary, TagSummary } from '../../../../shared/contract/requests/core';
import { useI18n } from '../../../i18n/i18n';
import { useServices, useSession, useSignal } from '../../../stores/hooks';
import { siteLabel } from '../../labels';
import { formatTagValue } from './format-value';
import { valueStatus, type ValueStatus } from './value-status';

/** A tag's live state for display. */
export interface TagView {
  tag: z.infer<typeof TagSummary> | undefined;
  label: string;
  /** The number (for drawings); undefined before a value or for text tags. */
  value: number | undefined;
  text: string | undefined;
  unit: string;
  ageMs: number | undefined;
  /** What the value is: good, uncertain, stale (engine-marked or not confirmed in time), bad, or none yet. */
  status: ValueStatus;
  /** Not a live good value (any status but good): never drawn or judged as live (see `fresh` in stale.ts). */
  stale: boolean;
}

/** The view of `tagName` on `equipment`, at `now` (ages move with it). Wakes only when that signal changes. */
export function useTag(equipment: EquipmentSummary, tagName: string, now: number): TagView {
  const { locale } = useI18n();
  const { telemetry } = useServices();
  const session = useSession();
  const tag = equipment.tags.find((t) => t.name === tagName);
  const signalId = session.signalIds.get(`${equipment.id}/${tagName}`);
  const value = useSignal(signalId);
  const ageMs = signalId === undefined ? undefined : telemetry.ageMs(signalId, now);
  // With the engine link down no frame comes and nothing confirms the value: stale, whatever its last quality said.
  const status = valueStatus(value?.quality, ageMs, tag?.staleAfterMs, session.engine === 'connected');
  const raw = value?.value;
  return {
    tag,
    label: siteLabel(tag?.label, tagName, locale),
    value: typeof raw === 'number' && !Number.isNaN(raw) ? raw : undefined,
    text: tag ? formatTagValue(tag, raw, locale, value?.exact) : undefined,
    unit: tag?.unit ?? '',
    ageMs,
    status,
    stale: status !== 'good',
  };
}
