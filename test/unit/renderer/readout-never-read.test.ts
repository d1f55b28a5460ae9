/** A readout whose value was never read says so, rather than a dash that could be a blank, and joins its note cleanly. */
import { fileURLToPath } from 'node:url';
import { createElement, type FunctionComponent } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';

// TSX modules, compiled for the browser project: loaded by path so this (node) project's type-check skips them.
const { Readout } = (await import(fileURLToPath(new URL('../../../renderer/equipment/panels/values/Readout.tsx', import.meta.url)))) as { Readout: FunctionComponent<Record<string, unknown>> };

const view = (patch: Record<string, unknown>) => ({ tag: undefined, label: 'Hammer pressure', value: undefined, text: undefined, unit: 'bar', ageMs: undefined, status: 'none', stale: true, ...patch });
const text = (html: string) => html.replace(/<[^>]+>/g, '');

describe('a readout never read', () => {
  it('says "no reading yet", with its note after it, and no unit beside the dash', () => {
    const html = text(renderToStaticMarkup(createElement(Readout, { name: 'hammerPressure', view: view({}), extra: 'drive fault above 230 bar' })));
    expect(html).toContain('no reading yet · drive fault above 230 bar');
    expect(html).not.toContain('— bar');
  });

  it('once read, shows its age and the note as before', () => {
    const html = text(renderToStaticMarkup(createElement(Readout, { name: 'hammerPressure', view: view({ value: 180, text: '180', ageMs: 40, status: 'good', stale: false }), extra: 'drive fault above 230 bar' })));
    expect(html).toContain('180 bar');
    expect(html).toMatch(/40 ms ago · drive fault above 230 bar/);
    expect(html).not.toContain('no reading yet');
  });
});
