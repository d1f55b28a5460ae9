/**
 * A parent of test helpers that can be killed without warning (tied-spawn.test.ts): starts a socat PTY pair through
 * the real helper and a `sleep` either tied (spawnTied) or plain (child_process.spawn, the control that shows the
 * test can see a survivor), prints `SLEEP_PID PTY_DEVICE`, then idles until killed.
 * Usage: node --import tsx tied-parent-main.ts tied|plain
 */
import { spawn } from 'node:child_process';
import { startPtyPair } from './pty-pair';
import { spawnTied } from './tied-spawn';

const mode = process.argv[2];
setInterval(() => undefined, 60_000);
const pty = await startPtyPair();
const sleeper = (mode === 'plain' ? spawn : spawnTied)('/bin/sleep', ['600'], { stdio: 'ignore' });
process.stdout.write(`${sleeper.pid} ${pty.device}\n`);
