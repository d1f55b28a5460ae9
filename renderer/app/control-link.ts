/** Binds the login, control and jog stores to each new engine client, and stops any jog when the window loses focus. */
import type { ContractClient } from '../../shared/contract/client';
import type { ControlServices } from '../stores/control-hooks';

/** Called with every new client (undefined while the engine link is down). */
export function attachControl(services: ControlServices, client: ContractClient | undefined): void {
  services.login.attach(client);
  services.control.attach(client);
  if (!client) return services.jog.attach(undefined);
  services.jog.attach({
    hold: (equipmentId, command, speed, seq) => client.request('jog.hold', { equipmentId, command, speed, seq }),
    release: (equipmentId, command) => client.request('jog.release', { equipmentId, command }),
  });
  client.on('jog.stopped', ({ equipmentId, command, code, text }) => services.jog.stoppedByEngine(equipmentId, command, code, text));
  // "mine" in the control states depends on who is logged in: re-read after every login change.
  client.on('session.changed', () => services.control.refresh(client));
}

/** Hold-to-run must end whenever the operator may no longer be looking: window blur, hidden page, page unload. */
export function releaseJogsOnFocusLoss(services: ControlServices): void {
  const release = () => services.jog.release();
  window.addEventListener('blur', release);
  window.addEventListener('pagehide', release);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState !== 'visible') release();
  });
}
