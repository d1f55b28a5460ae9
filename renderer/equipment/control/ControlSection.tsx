/** The control part of an equipment panel: ownership, hold-to-run jogs, commands and setpoints, each with its reason in place. */
import { useState, type ReactNode } from 'react';
import type { EquipmentSummary } from '../../../shared/contract/requests/core';
import { useI18n } from '../../i18n/i18n';
import { GamepadJogLine } from '../../input/GamepadJogLine';
import type { MessageKey } from '../../i18n/messages';
import { useControl, useLogin } from '../../stores/control-hooks';
import { useSession } from '../../stores/hooks';
import { siteLabel } from '../labels';
import type { LinkFigures } from '../link-figures';
import { linkReasonText } from '../link-reason';
import { connectionReasonText } from '../../link/quality-text';
import { commandBlocked, linkNote, motionBlocked, panelBlocked } from './access';
import { CommandButton } from './CommandButton';
import { commandRows } from './command-rows';
import { DEFAULT_JOG_FRACTION, JogPad, type JogAxis } from './JogPad';
import { Ownership } from './Ownership';
import { OutcomeLine } from './OutcomeLine';
import { SetpointForm } from './SetpointForm';

/** The control section of `equipment` on a link with figures `link`; `jogLimit` is shown just above the jog buttons. */
export function ControlSection({ equipment, link, jogLimit }: { equipment: EquipmentSummary; link: LinkFigures; jogLimit?: ReactNode }) {
  const { t, locale } = useI18n();
  const { principal } = useLogin();
  const { states } = useControl();
  const session = useSession();
  // The jog speed chosen on screen scales every jog input of this panel: the buttons and the stick's full deflection.
  const [jogFraction, setJogFraction] = useState<number>(DEFAULT_JOG_FRACTION);
  const quality = link.quality;
  const event = link.qualityEvent;
  const linkReason = link.connectionReason
    ? connectionReasonText(t, link.connectionReason)
    : event?.reason ? linkReasonText(event.reason.code, event.reason.text, { rttMs: event.rttP95Ms, lossPct: event.lossPct }, t, locale) : t(`panel.quality.${quality ?? 'unknown'}` as MessageKey);
  const panel = panelBlocked(principal, session.connections.get(equipment.connectionId)?.state, quality, linkReason, session.engine === 'connected', link.silentMs !== undefined);
  const mine = states.get(equipment.id)?.holder?.mine === true;
  const tags = new Map(equipment.tags.map((tag) => [tag.name, tag]));
  // The header's stop button sends the stop; it is not repeated here.
  const commands = equipment.commands.filter((c) => c.name !== 'stop');
  // Motion (jogs, motion commands) also stops at an unsafe link, as the engine's gate does.
  const blockedFor = (minRole: string | undefined, motion = false) => {
    const command = commandBlocked(panel, mine, principal?.role, minRole);
    return motion ? motionBlocked(command, quality, linkReason) : command;
  };
  const label = (c: (typeof commands)[number]) => siteLabel(c.label, c.name, locale);

  const axes: JogAxis[] = commands
    .filter((c) => c.kind === 'jog')
    .map((c) => {
      const tag = c.tag ? tags.get(c.tag) : undefined;
      const range = tag?.range ?? [-1, 1];
      return { command: c.name, label: label(c), unit: tag?.unit ?? '', maxSpeed: Math.min(Math.abs(range[0]), Math.abs(range[1])) || Math.max(Math.abs(range[0]), Math.abs(range[1])) };
    });
  // The operator's own setpoints (a mode) first; those needing a higher role after them.
  const { buttons, values: setpoints } = commandRows(commands, tags);
  const jogBlocked = blockedFor('operator', true);
  const unsafe = mine && !panel ? motionBlocked(undefined, quality, linkReason) : undefined;

  return (
    <section className="control-section" aria-labelledby="control-heading" data-testid="control-section">
      <h3 id="control-heading">{t('control.heading')}</h3>
      <Ownership equipmentId={equipment.id} blocked={panel} />
      <OutcomeLine blocked={panel ?? (mine ? undefined : { key: 'control.reasonNotHolder' })} testId="control-reason" />
      {/* While this console holds control: why motion is not allowed, or the note that it runs slower on a degraded
          link — in a slot of fixed height, so a quality change never moves the jog buttons from under the pointer. */}
      {mine && !panel && (
        <div className="control-link-slot">
          <OutcomeLine blocked={unsafe ?? linkNote(quality, linkReason)} testId="control-link-note" />
        </div>
      )}
      {axes.length > 0 && jogLimit}
      <JogPad equipmentId={equipment.id} axes={axes} blocked={jogBlocked} fraction={jogFraction} onFraction={setJogFraction} />
      <GamepadJogLine equipmentId={equipment.id} type={equipment.type} axes={axes} blocked={jogBlocked !== undefined} speedFraction={jogFraction} />
      {buttons.length > 0 && (
        <div className="commands">
          <h4>{t('control.commands')}</h4>
          {buttons.map((c) => (
            <CommandButton key={c.name} equipmentId={equipment.id} command={c} label={label(c)} blocked={blockedFor(c.minRole, c.motion)} />
          ))}
        </div>
      )}
      {setpoints.length > 0 && (
        <div className="setpoints">
          <h4>{t('control.setpoints')}</h4>
          {setpoints.map(({ command: c, unit, range, states }) => (
            <SetpointForm key={c.name} equipmentId={equipment.id} command={c} label={label(c)} unit={unit} range={range} states={states} blocked={blockedFor(c.minRole, c.motion)} />
          ))}
        </div>
      )}
    </section>
  );
}
