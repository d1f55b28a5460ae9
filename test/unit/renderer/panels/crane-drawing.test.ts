/**
 * The crane drawing shows the spreader's container and twistlocks only from their own live tags: a reading of either
 * that is not live is drawn as unknown, never as a fact beside live positions, and its note names what it is (stale,
 * uncertain, bad) (rendered to markup, no browser needed).
 */
import { fileURLToPath } from 'node:url';
import { createElement, type FunctionComponent } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { craneScale } from '../../../../renderer/equipment/panels/crane/crane-geometry';
import { fresh, freshIs } from '../../../../renderer/equipment/panels/values/stale';
import { worstStatus } from '../../../../renderer/equipment/panels/values/value-status';

// The component is TSX, compiled for the browser project: loaded by path so this (node) project's type-check skips it.
const VIEW = fileURLToPath(new URL('../../../../renderer/equipment/panels/crane/CraneSideView.tsx', import.meta.url));
interface CraneDrawing {
  trolley: number;
  hoist: number;
  stale: boolean;
  containerOnSpreader: boolean | undefined;
  twistlocks: string | undefined;
  positionStatus?: string;
  twistlocksStatus?: string;
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
    const svg = draw({ containerOnSpreader: undefined, twistlocks: undefined, twistlocksStatus: 'stale', locked: undefined });
    expect(svg).toContain('container unknown');
    expect(svg).not.toContain('class="container"');
    expect(svg).not.toContain('twistlock locked');
    expect(svg).toContain('Twistlocks: unknown (stale)');
  });

  it('a note names what the positions and twistlocks are when not live: uncertain or bad, not only stale', () => {
    expect(draw({ stale: true })).toContain('last known position — stale'); // none given: stale, as before
    expect(draw({ stale: true, positionStatus: 'uncertain' })).toContain('last known position — uncertain');
    expect(draw({ stale: true, positionStatus: 'bad' })).toContain('last known position — bad');
    expect(draw({ twistlocks: undefined, twistlocksStatus: 'uncertain', locked: undefined })).toContain('Twistlocks: unknown (uncertain)');
    expect(draw({ twistlocksStatus: 'good' })).toContain('Twistlocks: Locked');
  });

  it('the drawing of two positions is named by the worse of them', () => {
    expect(worstStatus('uncertain', 'good')).toBe('uncertain');
    expect(worstStatus('uncertain', 'stale')).toBe('stale');
    expect(worstStatus('stale', 'bad')).toBe('bad');
    expect(worstStatus('good', 'good')).toBe('good');
  });

  it('a value judged by (limit, abnormal colour, side line) only while live', () => {
    expect(fresh({ value: 18, stale: false })).toBe(18);
    expect(fresh({ value: 18, stale: true })).toBeUndefined();
    expect(freshIs({ value: 1, stale: false }, 1)).toBe(true);
    expect(freshIs({ value: 1, stale: true }, 1)).toBe(false);
  });
});
