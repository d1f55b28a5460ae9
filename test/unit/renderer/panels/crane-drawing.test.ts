/**
 * The crane drawing shows the spreader's container and twistlocks only from their own live tags: a stale reading of
 * either is drawn as unknown, never as a fact beside live positions (rendered to markup, no browser needed).
 */
import { fileURLToPath } from 'node:url';
import { createElement, type FunctionComponent } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { craneScale } from '../../../../renderer/equipment/panels/crane/crane-geometry';
import { fresh, freshIs } from '../../../../renderer/equipment/panels/values/stale';

// The component is TSX, compiled for the browser project: loaded by path so this (node) project's type-check skips it.
const VIEW = fileURLToPath(new URL('../../../../renderer/equipment/panels/crane/CraneSideView.tsx', import.meta.url));
interface CraneDrawing {
  trolley: number;
  hoist: number;
  stale: boolean;
  containerOnSpreader: boolean | undefined;
  twistlocks: string | undefined;
  twistlocksUnknown?: boolean;
  locked: boolean | undefined;
}
const { CraneSideView } = (await import(VIEW)) as { CraneSideView: FunctionComponent<Record<string, unknown>> };

const TROLLEY: [number, number] = [-25, 65];
const HOIST: [number, number] = [0, 45];
const draw = (drawing: Partial<CraneDrawing>) =>
  renderToStaticMarkup(
    createElement(CraneSideView, {
      scale: craneScale(TROLLEY, HOIST, 900),
      trolleyRange: TROLLEY,
      hoistRange: HOIST,
      drawing: { trolley: 10, hoist: 20, stale: false, containerOnSpreader: true, twistlocks: 'Locked', locked: true, ...drawing },
    }),
  );

describe('crane drawing from live tags only', () => {
  it('live: the container drawn solid, the twistlocks drawn locked and named', () => {
    const svg = draw({});
    expect(svg).toContain('class="container"');
    expect(svg).toContain('twistlock locked');
    expect(svg).toContain('Twistlocks: Locked');
  });

  it('container and twistlock tags stale: an outline marked unknown, no twistlock marks, the text says unknown', () => {
    const svg = draw({ containerOnSpreader: undefined, twistlocks: undefined, twistlocksUnknown: true, locked: undefined });
    expect(svg).toContain('container unknown');
    expect(svg).not.toContain('class="container"');
    expect(svg).not.toContain('twistlock locked');
    expect(svg).toContain('Twistlocks: unknown (stale)');
  });

  it('a value judged by (limit, abnormal colour, side line) only while live', () => {
    expect(fresh({ value: 18, stale: false })).toBe(18);
    expect(fresh({ value: 18, stale: true })).toBeUndefined();
    expect(freshIs({ value: 1, stale: false }, 1)).toBe(true);
    expect(freshIs({ value: 1, stale: true }, 1)).toBe(false);
  });
});
