/** Catalog texts of link qualities and of the engine's quality reasons (codes), with the engine's text as fallback. */
import type { translate } from '../i18n/i18n';
import { hasMessage, type MessageKey } from '../i18n/messages';

type T = typeof translate;

/** "good", "degraded", "UNSAFE", "LINK LOST" — or "no figures yet" before the first. */
export function qualityText(t: T, quality: string | undefined): string {
  const key = `linkui.quality.${quality ?? 'unknown'}`;
  return hasMessage(key) ? t(key) : (quality ?? t('linkui.quality.unknown'));
}

/** The reason in the UI's language when the catalog knows its code, else the engine's own text. */
export function reasonText(t: T, reason: { code: string; text: string } | undefined): string {
  if (!reason) return '';
  const key = `linkui.reason.${reason.code}`;
  return hasMessage(key) ? t(key as MessageKey) : reason.text;
}

/** Why a connection is down (its status reason: an untrusted certificate, a refused login …), in the UI's language when known. */
export function connectionReasonText(t: T, reason: { code: string; message: string }): string {
  const key = `reason.${reason.code}`;
  return hasMessage(key) ? t(key as MessageKey) : reason.message;
}
