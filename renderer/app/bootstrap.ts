/**
 * Connects the stores to the engine: hello, site, signal catalog, connection states, telemetry. On a lost
 * engine link it reconnects and re-reads everything; nothing the user did is replayed.
 */
import type { Carrier } from '../../shared/contract/carriers/carrier';
import { ContractClient } from '../../shared/contract/client';
import { connectToEngine } from '../carriers/connect';
import { chosenLocale, setLocale } from '../i18n/i18n';
import type { AppServices } from '../stores/hooks';
import { claimTabIdentity } from './tab-identity';

const RETRY_MS = 1500;

/** Runs for the window's lifetime. `onClient` publishes the current client (undefined while disconnected). */
export async function runEngineLink(services: AppServices, onClient: (client: ContractClient | undefined) => void): Promise<void> {
  const { session, telemetry } = services;
  // A browser tab's identity may be a duplicated tab's copy: settled once, before the first hello names the console.
  // Storage may be unavailable (privacy settings): every connection is then new anyway.
  try {
    if (!window.recConsole) await claimTabIdentity(window.sessionStorage, { tag: CONSOLE_TAG, key: CONSOLE_KEY });
  } catch {
    // nothing kept, nothing to settle
  }
  for (;;) {
    session.setEngine('connecting');
    let carrier: Carrier | undefined;
    try {
      const link = await connectToEngine();
      carrier = link;
      const client = new ContractClient(link);
      const closed = new Promise<string>((resolve) => link.onClose(resolve));
      client.on('connection.state', (status) => session.setConnection(status));
      client.onTelemetry((frame, ack) => telemetry.apply(frame, ack));
      // Other consoles' take-over prompts and the audit name this one: Electron's engine names it after the host.
      const consoleKey = storedConsoleKey();
      const hello = await client.request('engine.hello', { client: 'renderer', ...(window.recConsole ? {} : { consoleName: `Browser console ${browserConsoleTag()}` }), ...(consoleKey ? { consoleKey } : {}) });
      if (hello.consoleKey) storeConsoleKey(hello.consoleKey);
      setLocale(chosenLocale() ?? hello.site.locale); // the user's own choice outranks the site's default
      const [summary, catalog, connections] = await Promise.all([
        client.request('site.summary', {}),
        client.request('signals.catalog', {}),
        client.request('connections.list', {}),
      ]);
      telemetry.reset(); // this engine's first frame is the whole picture: nothing of an earlier engine stays
      session.setSite(hello.site.name, summary.equipment, catalog.signals, hello.site.label);
      for (const status of connections.connections) session.setConnection(status);
      await client.request('telemetry.subscribe', {});
      session.setEngine('connected');
      onClient(client);
      const reason = await closed;
      onClient(undefined);
      session.setEngine('lost', reason);
    } catch (error) {
      carrier?.close('engine link failed'); // never leave a half-open socket behind a retry
      onClient(undefined);
      session.setEngine('lost', error instanceof Error ? error.message : String(error));
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}

/**
 * This window's console key (the engine gives it at hello, and keeps the ones that logged someone in across its
 * restarts): the login throttle counts per key, and a console that logged in as a user before stays able to while
 * guesses from elsewhere lock that user out. The desktop window keeps it across restarts of the application too
 * (local storage: it is the workstation's one console); a browser tab across reloads only (session storage: each tab
 * its own console, so one tab's guesses lock no other out). Storage may be unavailable (a browser's privacy
 * settings): then every connection is new.
 */
const CONSOLE_KEY = 'rec.consoleKey';
const keyStorage = () => (window.recConsole ? window.localStorage : window.sessionStorage);
function storedConsoleKey(): string | undefined {
  try {
    return keyStorage().getItem(CONSOLE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}
function storeConsoleKey(key: string): void {
  try {
    keyStorage().setItem(CONSOLE_KEY, key);
  } catch {
    // not kept: the next connection gets a fresh key
  }
}

/**
 * A short tag that tells this browser console from others in take-over prompts and the audit ("Browser console 7F3A"):
 * random, kept with the console key (so a reload keeps it), never derived from the key (which must stay secret).
 */
const CONSOLE_TAG = 'rec.consoleTag';
function browserConsoleTag(): string {
  try {
    const kept = keyStorage().getItem(CONSOLE_TAG);
    if (kept && /^[0-9A-F]{4}$/.test(kept)) return kept;
    const tag = crypto.getRandomValues(new Uint16Array(1))[0]!.toString(16).toUpperCase().padStart(4, '0');
    keyStorage().setItem(CONSOLE_TAG, tag);
    return tag;
  } catch {
    return crypto.getRandomValues(new Uint16Array(1))[0]!.toString(16).toUpperCase().padStart(4, '0');
  }
}
