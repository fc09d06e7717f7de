import { Component, type ErrorInfo, type ReactNode } from 'react';
import { routeHref } from '../router';

interface Props {
  /** The screen's name, said in the message ("The timeline could not be shown"). */
  screenName: string;
  /** The case the screen belongs to, for the way back to its evidence. */
  caseId: number | null;
  children: ReactNode;
}

/**
 * Catches what a screen throws while drawing, so one failed screen never blanks the app: it
 * says which screen failed and why, and offers a way back. Keyed by route in the app, so
 * moving elsewhere starts afresh.
 */
export class ScreenBoundary extends Component<Props, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error): { error: Error } {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // Kept in the console for a bug report; the screen shows the message itself.
    console.warn(`The ${this.props.screenName} screen failed`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    const { caseId, screenName } = this.props;
    return (
      <section className="screen" aria-labelledby="screen-failed-heading">
        <h1 id="screen-failed-heading">The {screenName} could not be shown</h1>
        <p role="alert" className="error">Something went wrong while drawing this screen: {error.message}</p>
        <p>Nothing in the case was changed. You can go back, or open another screen:</p>
        <div className="actions">
          <button type="button" onClick={() => window.history.back()}>Go back</button>
          {caseId !== null ? <a className="button" href={routeHref({ screen: 'evidence', caseId })}>Evidence of case {caseId}</a> : null}
          <a className="button" href={routeHref({ screen: 'cases' })}>All cases</a>
        </div>
      </section>
    );
  }
}
