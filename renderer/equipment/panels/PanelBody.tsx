/** The type-specific body of a panel, by the kind `choosePanel` gives for the equipment's type. */
import type { ComponentType } from 'react';
import { choosePanel, type PanelKind } from './choose-panel';
import { CranePanel } from './crane/CranePanel';
import { GenericPanel } from './generic/GenericPanel';
import { LadlePanel } from './ladle/LadlePanel';
import type { PanelProps } from './panel-props';
import { RigPanel } from './rig/RigPanel';

const BODIES: Record<PanelKind, ComponentType<PanelProps>> = { crane: CranePanel, ladle: LadlePanel, rig: RigPanel, generic: GenericPanel };

/** Renders the body for `props.equipment.type`. */
export function PanelBody(props: PanelProps) {
  const Body = BODIES[choosePanel(props.equipment.type)];
  return <Body {...props} />;
}
