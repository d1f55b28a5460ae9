/** The shortcut help overlay (`?` or F1): every entry of the shortcut table, grouped, with its keys. */
import { Fragment, useEffect, useRef } from 'react';
import { useI18n } from '../i18n/i18n';
import { hasMessage } from '../i18n/messages';
import { setHelpOpen, useGamepad, useHelpOpen } from './input-services';
import { SHORTCUT_GROUPS, SHORTCUTS, type KeyCombo } from './shortcuts';

/** One combination as key caps. */
export function Keys({ combo }: { combo: KeyCombo }) {
  const { t } = useI18n();
  return (
    <span className="keys">
      {combo.caps.map((cap, i) => (
        <Fragment key={i}>
          {i > 0 && '+'}
          <kbd>{hasMessage(cap) ? t(cap) : cap}</kbd>
        </Fragment>
      ))}
    </span>
  );
}

/** The table of shortcuts; exported for the overlay and for a render test. */
export function ShortcutTable() {
  const { t } = useI18n();
  return (
    <>
      {SHORTCUT_GROUPS.map((group) => (
        <table key={group} className="shortcut-table">
          <caption>{t(`input.help.group.${group}`)}</caption>
          <thead>
            <tr>
              <th scope="col">{t('input.help.keys')}</th>
              <th scope="col">{t('input.help.action')}</th>
            </tr>
          </thead>
          <tbody>
            {SHORTCUTS.filter((s) => s.group === group).map((s) => (
              <tr key={s.id} data-testid={`shortcut-${s.id}`}>
                <td>
                  {s.combos.filter((combo) => combo.caps.length > 0).map((combo, i) => (
                    <Fragment key={i}>
                      {i > 0 && <span className="muted"> {t('input.help.or')} </span>}
                      <Keys combo={combo} />
                    </Fragment>
                  ))}
                </td>
                <td>{t(s.label)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </>
  );
}

/** The overlay; Escape, the Close button or the shortcut again close it, and focus goes back where it was. */
export function ShortcutsHelp() {
  const open = useHelpOpen();
  const { t } = useI18n();
  const { settings } = useGamepad();
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const before = document.activeElement as HTMLElement | null;
    close.current?.focus({ preventScroll: true }); // opens at its title; Close stays in view (sticky, input.css)
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setHelpOpen(false);
      if (event.key === 'Tab') {
        event.preventDefault(); // focus stays on its only control, not on ones hidden behind the backdrop (the stop has its keys)
        close.current?.focus({ preventScroll: true });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      before?.focus?.();
    };
  }, [open]);
  if (!open) return null;
  return (
    <div className="modal-backdrop" onClick={(e) => e.target === e.currentTarget && setHelpOpen(false)}>
      {/* No aria-modal: the header's stop above the backdrop stays usable, so the rest is not inert. */}
      <section className="modal shortcuts-help" role="dialog" aria-labelledby="shortcuts-title" data-testid="shortcuts-help">
        <h2 id="shortcuts-title">{t('input.help.title')}</h2>
        <ShortcutTable />
        <p className="muted">{t('input.help.gamepad', { button: settings.deadManButton, axis: settings.axis })}</p>
        <div className="modal-actions">
          <button ref={close} type="button" onClick={() => setHelpOpen(false)}>
            {t('input.help.close')}
          </button>
        </div>
      </section>
    </div>
  );
}
