/**
 * Last-resort boundaries around the shell, so a render failure never takes the stop button away (React unmounts
 * everything up to the nearest boundary). `ShellBoundary` wraps the whole App: if the shell itself fails (the header,
 * the route), it falls back to a bare header with the stop, which needs nothing but the stores. `RegionBoundary` wraps
 * a part under the header (alarm banner, dialogs, input layer): the full header stays, the part says why in its place.
 */
import { Component, type ReactNode } from 'react';
import { translate } from '../i18n/i18n';
import { StopButton } from './StopButton';

/** The thrown value as text. */
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Around App: on failure, a header holding only the stop (to every equipment) and why the rest is missing. */
export class ShellBoundary extends Component<{ children: ReactNode }, { message?: string }> {
  override state: { message?: string } = {};

  static getDerivedStateFromError(error: unknown): { message: string } {
    return { message: messageOf(error) };
  }

  override render(): ReactNode {
    if (this.state.message === undefined) return this.props.children;
    return (
      <div className="app">
        <header className="header shell-failed">
          <p role="alert" className="refusal" data-testid="shell-failed">
            {translate('app.shellFailed', { message: this.state.message })}
          </p>
          {/* To the overview: the failure may come with the route (a bookmark), and would come back with it. */}
          <button type="button" onClick={() => ((window.location.hash = '#/overview'), window.location.reload())}>
            {translate('app.reload')}
          </button>
          <StopButton route={{ page: 'overview' }} />
        </header>
      </div>
    );
  }
}

/**
 * Around one part of the screen under the header. A failed part tries again when `resetKey` (the route) changes; a
 * working one is never remounted by it (the dialogs and the gamepad layer keep their state across navigation).
 */
export class RegionBoundary extends Component<{ children: ReactNode; resetKey: string }, { message?: string }> {
  override state: { message?: string } = {};

  static getDerivedStateFromError(error: unknown): { message: string } {
    return { message: messageOf(error) };
  }

  override componentDidUpdate(previous: { resetKey: string }): void {
    if (this.state.message !== undefined && previous.resetKey !== this.props.resetKey) this.setState({ message: undefined });
  }

  override render(): ReactNode {
    if (this.state.message === undefined) return this.props.children;
    return (
      <p role="alert" className="refusal region-failed" data-testid="region-failed">
        {translate('app.regionFailed', { message: this.state.message })}
      </p>
    );
  }
}
