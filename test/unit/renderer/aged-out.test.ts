/**
 * A tile judges its value's age itself (renderer/overview/aged-out.ts): from its very first render, not only from the
 * age ticker's first tick, so an old value never shows as live while the tile appears (rendered to markup: no effect
 * runs, as in the first frame).
 */
import { fileURLToPath } from 'node:url';
import { createElement, type FunctionComponent } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ServicesContext, type AppServices } from '../../../renderer/stores/hooks';

// DOM-typed modules, compiled for the browser project: loaded by path so this (node) project's type-check skips them.
const load = async <T>(path: string): Promise<T> => (await import(fileURLToPath(new URL(path, import.meta.url)))) as T;
const { useAgedOut } = await load<{ useAgedOut(signalId: number | undefined, staleAfterMs: number | undefined): boolean }>('../../../renderer/overview/aged-out.ts');

/** What the hook says on a first render for a value confirmed `ageMs` ago (undefined: none), threshold 1,000 ms. */
function firstRender(ageMs: number | undefined, withSignal = true): string {
  const signalId = withSignal ? 7 : undefined;
  const telemetry = { ageMs: (id: number) => (id === signalId ? ageMs : undefined) } as unknown as AppServices['telemetry'];
  const Probe: FunctionComponent = () => createElement('span', null, String(useAgedOut(signalId, 1000)));
  return renderToStaticMarkup(createElement(ServicesContext.Provider, { value: { client: undefined, session: undefined as never, telemetry } }, createElement(Probe)));
}

describe('useAgedOut', () => {
  it('says aged on the first render of a value older than its threshold, or of none', () => {
    expect(firstRender(5000)).toBe('<span>true</span>');
    expect(firstRender(undefined)).toBe('<span>true</span>');
  });

  it('says live for a value confirmed within it, and nothing is aged without a signal', () => {
    expect(firstRender(200)).toBe('<span>false</span>');
    expect(firstRender(5000, false)).toBe('<span>false</span>');
  });
});
