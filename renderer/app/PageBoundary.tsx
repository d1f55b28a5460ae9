/**
 * A page that throws while rendering (a malformed bookmark, a damaged record) shows why in its place; without this,
 * React would unmount the whole window, the header's stop button with it. Keyed by the page, so opening another one
 * renders afresh.
 */
import { Component, type ReactNode } from 'react';
import { translate } from '../i18n/i18n';

export class PageBoundary extends Component<{ children: ReactNode }, { message?: string }> {
  override state: { message?: string } = {};

  static getDerivedStateFromError(error: unknown): { message: string } {
    return { message: error instanceof Error ? error.message : String(error) };
  }

  override render(): ReactNode {
    if (this.state.message === undefined) return this.props.children;
    return (
      <p role="alert" className="refusal page-failed" data-testid="page-failed">
        {translate('app.pageFailed', { message: this.state.message })}
      </p>
    );
  }
}
