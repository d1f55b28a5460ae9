/** Picks the carrier for this window: the preload's MessagePort bridge in Electron, else the serve-mode WebSocket. */
import type { Carrier } from '../../shared/contract/carriers/carrier';
import { connectWebSocketCarrier } from '../../shared/contract/carriers/websocket-client';
import { electronCarrier } from './electron-carrier';

/** Reads the serve-mode token once and removes it from the address bar (it must not linger in history or screenshots). */
function takeToken(): string | null {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (token) {
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    sessionStorage.setItem('rec-token', token);
    return token;
  }
  return sessionStorage.getItem('rec-token');
}

/** Connects to the engine. */
export async function connectToEngine(): Promise<Carrier> {
  const bridged = electronCarrier();
  if (bridged) return bridged;
  const token = takeToken();
  if (!token) throw new Error('no access token: open the URL printed by "rec-console serve"');
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return connectWebSocketCarrier(`${scheme}://${window.location.host}/engine?token=${encodeURIComponent(token)}`);
}
