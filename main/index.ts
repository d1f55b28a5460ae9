/**
 * Electron main: one window, the engine in a utility process, the port hand-over. Every decision lives in
 * main/shell/ as a plain function (tested without Electron); this file only wires them to Electron's APIs.
 */
import { app, BrowserWindow, session, utilityProcess, type UtilityProcess } from 'electron';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { rendererCsp } from '../shared/security/csp';
import { handOverEnginePorts } from './shell/carrier-handover';
import { permissionPolicy, windowOpenPolicy } from './shell/navigation-policy';
import { RestartPolicy } from './shell/restart-policy';
import { cliLaunch, type CliLaunch } from './shell/cli-mode';
import { debugLaunchRefusal } from './shell/debug-switches';
import { parseShellArgs, type ShellArgs } from './shell/shell-args';
import { mainWindowOptions } from './shell/window-options';
import { guardWebContents } from './shell/window-guards';

const log = (line: string) => process.stderr.write(`rec-console: ${line}\n`);

/** Forks the engine host; restarts it after a crash (within the policy) so the window can reconnect. */
function runEngine(args: ShellArgs, isClosing: () => boolean): { current(): UtilityProcess } {
  const restarts = new RestartPolicy();
  let engine: UtilityProcess;
  const start = () => {
    engine = utilityProcess.fork(join(__dirname, 'engine-host.cjs'), [], {
      serviceName: 'rec-console-engine',
      env: { ...process.env, REC_SITE_FILE: args.siteFile, REC_DATA_DIR: args.dataDir },
      stdio: 'inherit',
    });
    engine.on('exit', (code) => {
      if (isClosing()) return;
      log(`engine exited (${code})`);
      if (restarts.allow()) start();
      else log('engine keeps exiting; not restarting it again (see the messages above)');
    });
  };
  start();
  return { current: () => engine };
}

async function createWindow(args: ShellArgs): Promise<void> {
  const appUrl = pathToFileURL(join(args.rendererDir, 'index.html')).href;
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(permissionPolicy(permission)));
  // Checks too (what a page may find out it has, e.g. through navigator.permissions), not only requests.
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => permissionPolicy(permission));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [rendererCsp()] } });
  });

  let closing = false;
  const engine = runEngine(args, () => closing);
  const window = new BrowserWindow(mainWindowOptions(join(__dirname, 'preload.cjs')));
  const contents = window.webContents;
  guardWebContents(contents, appUrl);
  handOverEnginePorts(engine.current, contents, appUrl, log);
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    closing = true;
    engine.current().kill();
  });
  await window.loadURL(appUrl);
}

const args = parseShellArgs(process.argv, app.getAppPath(), app.getPath('userData'));
const cli = cliLaunch(process.argv, app.getAppPath(), app.getPath('userData'));

/** Runs one CLI command and exits with its code: no window, no lock (a console already open is left alone). */
function runCli(launch: CliLaunch): void {
  app.disableHardwareAcceleration();
  app.dock?.hide(); // macOS: a command, not an app in the Dock
  process.env.REC_DATA_DIR = launch.dataDir;
  // Anything unexpected ends the command with exit code 1 and a line: Electron would otherwise show a modal error
  // dialog and wait on it. A closed pipe (`| head`) is no error of the command's.
  // Exit once what was printed is written: stdout and stderr (its errors) may be asynchronous pipes.
  let exiting = false;
  const exitWhenWritten = (code: number) => {
    if (exiting) return;
    exiting = true;
    void Promise.all([process.stdout, process.stderr].map((stream) => new Promise((done) => stream.write('', done)))).then(() => app.exit(code));
  };
  const fail = (error: unknown) => {
    if ((error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE') return app.exit(1); // nothing more gets through
    log(`the CLI failed: ${error instanceof Error ? error.message : String(error)}`);
    exitWhenWritten(1);
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
  for (const stream of [process.stdout, process.stderr]) stream.on('error', fail);
  import('./cli/packaged-cli')
    .then(({ runPackagedCli }) => runPackagedCli(launch.args))
    .then(exitWhenWritten)
    .catch(fail);
}

/** A profile of its own (--user-data), made if missing: set before the lock below, which lives in the profile. */
function useProfile(dir: string | undefined): boolean {
  if (!dir) return true;
  try {
    mkdirSync(dir, { recursive: true });
    app.setPath('userData', dir);
    return true;
  } catch (error) {
    log(`--user-data ${dir}: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

// An installed console never starts with a debugging port open (shell/debug-switches.ts).
const refusal = debugLaunchRefusal(process.argv, app.isPackaged);
// One console per workstation user (per profile): a second launch brings this window forward. A second engine would
// find the audit log in use, exit and be restarted five times, and its window would never connect. A CLI launch
// (`--cli`) is not a console: it runs beside an open one.
if (refusal) {
  log(refusal);
  app.exit(1);
} else if (cli) {
  runCli(cli);
} else if (!useProfile(args.userData)) {
  app.exit(1);
} else if (!app.requestSingleInstanceLock()) {
  log('already running: showing that window instead');
  app.quit();
} else {
  app.on('second-instance', () => {
    const window = BrowserWindow.getAllWindows()[0];
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('web-contents-created', (_event, contents) => contents.setWindowOpenHandler(windowOpenPolicy));
  app.on('window-all-closed', () => app.quit());
  app.whenReady().then(() => createWindow(args)).catch((error: unknown) => {
    log(`failed to start: ${error instanceof Error ? error.message : String(error)}`);
    app.exit(1);
  });
}
