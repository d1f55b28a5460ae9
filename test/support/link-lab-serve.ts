/**
 * What `rec-console start --serve` runs, on ephemeral ports and a private data folder: the simulators behind the link
 * lab (5g-good, switchable at run time), and serve mode on the demo site pointed at them, holding the lab's control
 * channel. Run as a child process by `startLinkLabStack()`; prints "serving … at URL"; stops on SIGTERM.
 */
import { readFile } from 'node:fs/promises';
import { DEMO_SITE_PATH } from '../../main/engine/config/load-site';
import { portMoves, retargetSiteText } from '../../main/cli/demo-ports';
import { childLinkLab } from '../../main/cli/link-control';
import { spawnSimulators } from '../../main/cli/sim-process';
import { runServe } from '../../main/cli/commands/serve';
import { DEFAULT_BASE_PORT, simulators } from '../../main/sim/registry';

const dataDir = process.argv[2];
const profile = process.argv[3] ?? '5g-good';
if (!dataDir) throw new Error('usage: link-lab-serve DATA_DIR [PROFILE]');

const sims = await spawnSimulators(['--base-port', '0', '--data-dir', dataDir, '--link', profile, '--control-stdin'], simulators.length);
const siteText = retargetSiteText(await readFile(DEMO_SITE_PATH, 'utf8'), portMoves(simulators, DEFAULT_BASE_PORT, sims.endpoints));
const io = { out: (line: string) => console.log(line), err: (line: string) => console.error(line) };
const { engine, server } = await runServe({ site: DEMO_SITE_PATH, siteText, host: '127.0.0.1', dataDir, quiet: true, linkLab: childLinkLab(sims, profile) }, io);
process.once('SIGTERM', () => {
  void (async () => {
    // The simulators stop alongside, not after: a slow engine stop must not leave them running when the test's
    // SIGKILL arrives (orphans kept loading the machine and made later link-quality checks flaky).
    await Promise.allSettled([(async () => { await server.close(); await engine.stop(); })(), sims.stop()]);
    process.exit(0);
  })();
});
console.log(`serving Remote Equipment Console at ${server.url}`);
