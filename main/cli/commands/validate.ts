/** `rec-console validate FILE`: exit 0 with a one-line summary, or exit 1 with the errors as file:line:col path: message (the first 50, then a count). */
import type { CliCommand } from '../command';
import { loadSiteFile } from '../../engine/config/load-site';
import { formatSiteErrors } from '../../../shared/site/parse';

export const validateCommand: CliCommand = {
  register(program, io, setExit) {
    program
      .command('validate')
      .description('check a site file; prints every error with file:line:col and path')
      .argument('<file>', 'site file (YAML)')
      .action(async (file: string) => {
        const result = await loadSiteFile(file);
        if (!result.ok) {
          for (const line of formatSiteErrors(result.errors)) io.err(line);
          io.err(`${file}: ${result.errors.length} error${result.errors.length === 1 ? '' : 's'}`);
          return setExit(1);
        }
        const { site } = result;
        const tags = site.equipment.reduce((n, e) => n + Object.keys(e.tags).length, 0);
        io.out(`${file}: ok — site "${site.site.name}", ${site.connections.length} connections, ${site.equipment.length} equipment, ${tags} tags, ${site.users.length} users`);
      });
  },
};
