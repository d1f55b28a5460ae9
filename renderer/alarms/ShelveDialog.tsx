/** The shelve dialog: a reason (required, audited) and a duration from a fixed choice. */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n';
import { SHELVE_DURATIONS_MS } from './alarm-rules';

/**
 * The dialog, over a dimmed page; `onShelve` resolves true when the engine shelved it. Opened with `show()`, not
 * `showModal()`: a modal dialog makes the rest of the window inert (the header's stop with it) and sits in the top
 * layer above everything. Our own backdrop stays below the header (styles.css), so the stop is always in reach.
 */
export function ShelveDialog(props: { title: string; failure?: string | undefined; onShelve: (durationMs: number, reason: string) => Promise<boolean>; onClose: () => void }) {
  const { title, failure, onShelve, onClose } = props;
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const reasonField = useRef<HTMLTextAreaElement>(null);
  const [reason, setReason] = useState('');
  const [duration, setDuration] = useState<number>(SHELVE_DURATIONS_MS[1]);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.show();
    reasonField.current?.focus();
  }, []);
  // A non-modal dialog gets no `cancel` on Escape: close it here, as the modal one did.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim() === '') return setMissing(true);
    setBusy(true);
    const done = await onShelve(duration, reason.trim());
    setBusy(false);
    if (done) onClose();
  };
  const label = (ms: number) => (ms < 3_600_000 ? t('alarms.duration.min', { n: ms / 60_000 }) : t('alarms.duration.h', { n: ms / 3_600_000 }));
  return (
    <div className="modal-backdrop">
      <dialog ref={ref} className="shelve-dialog" data-testid="shelve-dialog" aria-labelledby="shelve-title">
        <form onSubmit={(e) => void submit(e)}>
          <h2 id="shelve-title">{t('alarms.shelveTitle')}</h2>
          <p className="shelve-which">{title}</p>
          <p className="muted">{t('alarms.shelveHint')}</p>
          <label>
            {t('alarms.shelveReason')}
            <textarea ref={reasonField} value={reason} maxLength={500} rows={3} aria-required="true" aria-invalid={missing} onChange={(e) => (setReason(e.target.value), setMissing(false))} />
          </label>
          {missing && (
            <p role="alert" className="field-error">
              {t('alarms.shelveNeedsReason')}
            </p>
          )}
          <label>
            {t('alarms.shelveDuration')}
            <select value={duration} onChange={(e) => setDuration(Number(e.target.value))}>
              {SHELVE_DURATIONS_MS.map((ms) => (
                <option key={ms} value={ms}>
                  {label(ms)}
                </option>
              ))}
            </select>
          </label>
          {failure && (
            <p role="alert" className="field-error">
              {failure}
            </p>
          )}
          <div className="dialog-buttons">
            <button type="submit" disabled={busy}>
              {t('alarms.shelveSubmit')}
            </button>
            <button type="button" onClick={onClose}>
              {t('alarms.cancel')}
            </button>
          </div>
        </form>
      </dialog>
    </div>
  );
}
