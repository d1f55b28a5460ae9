/**
 * The decision of the port hand-over, without Electron: a request for an engine port is answered only when it
 * comes from our window's own top-level page; anything else is refused and logged.
 */
import { isTrustedSender } from './navigation-policy';

/** The part of an IPC event the decision reads. */
export interface PortRequestEvent {
  sender: unknown;
  senderFrame?: { url?: string } | null;
}

/** Where the handler gets its facts and sends its port. */
export interface PortRequestDeps<Contents> {
  contents: Contents & { mainFrame: unknown };
  appUrl: string;
  log(line: string): void;
  /** Creates a channel to the engine and posts one end to the window. */
  deliver(): void;
}

/** Builds the listener for port requests: delivers a port to a trusted sender, refuses every other. */
export function portRequestHandler<Contents>(deps: PortRequestDeps<Contents>): (event: PortRequestEvent) => void {
  return (event) => {
    const frame = event.senderFrame ?? undefined;
    const trusted = event.sender === deps.contents && isTrustedSender(frame?.url, deps.appUrl, frame === deps.contents.mainFrame);
    if (!trusted) return deps.log(`refused an engine port request from ${frame?.url ?? 'an unknown frame'}`);
    deps.deliver();
  };
}
