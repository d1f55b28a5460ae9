/**
 * The link lab's run-time control channel between `start` and its `sim` child: the child reads `profile NAME` lines
 * on stdin and answers `# profile NAME N` (N proxies switched) or `# profile-error MESSAGE` on stdout.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { LINK_PROFILE_NAMES, type LinkProxy } from '../sim/link-lab';
import type { LinkLabControl } from '../engine/services';
import { ContractError } from '../../shared/contract/errors';
import { CliError } from './cli-error';
import type { SimProcess } from './sim-process';

const ACK = /^# profile (\S+) (\d+)$/;
const NACK = /^# profile-error (.*)$/;

/** In the `sim` child: applies `profile NAME` lines from `input` to every proxy and acknowledges each on `out`. */
export function serveLinkControl(input: Readable, proxies: readonly LinkProxy[], out: (line: string) => void, onEnd?: () => void): void {
  const lines = createInterface({ input });
  // The channel closing means whoever started us is gone (`start` died without a signal): do not outlive it.
  if (onEnd) lines.once('close', onEnd);
  lines.on('line', (line) => {
    const [verb, name] = line.trim().split(/\s+/);
    if (verb !== 'profile' || !name) return out(`# profile-error expected "profile NAME", got "${line.trim().slice(0, 40)}"`);
    try {
      for (const proxy of proxies) proxy.setProfile(name);
      out(`# profile ${name} ${proxies.length}`);
    } catch (error) {
      out(`# profile-error ${error instanceof Error ? error.message : String(error)}`);
    }
  });
}

/** In `start`: the engine's handle on the child's proxies (one switch at a time, answered within `timeoutMs`). */
export function childLinkLab(sims: SimProcess, startProfile?: string, timeoutMs = 5_000): LinkLabControl {
  let current = startProfile;
  let queue: Promise<unknown> = Promise.resolve();
  const switchOnce = (profile: string) =>
    new Promise<{ profile: string; proxies: number }>((resolve, reject) => {
      const stdin = sims.child.stdin;
      // Refusals (nothing switched) are ContractError 'refused'; a switch not confirmed in time may have happened.
      if (!stdin || stdin.destroyed) return reject(new ContractError('refused', 'the simulators are not running'));
      const timer = setTimeout(() => finish(new CliError(`the simulators did not confirm profile ${profile} within ${timeoutMs} ms`)), timeoutMs);
      const finish = (result: Error | { profile: string; proxies: number }) => {
        clearTimeout(timer);
        off();
        if (result instanceof Error) reject(result);
        else resolve(result);
      };
      const off = sims.onLine((line) => {
        const ack = ACK.exec(line);
        if (ack) return finish({ profile: ack[1] ?? profile, proxies: Number(ack[2]) });
        const nack = NACK.exec(line);
        if (nack) finish(new ContractError('refused', nack[1] ?? 'refused'));
      });
      stdin.write(`profile ${profile}\n`);
    });
  return {
    profiles: () => LINK_PROFILE_NAMES,
    profile: () => current,
    setProfile(profile) {
      const next = queue.then(() => switchOnce(profile)).then((result) => {
        current = result.profile;
        return result;
      });
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
