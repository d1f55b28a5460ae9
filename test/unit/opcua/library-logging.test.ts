/** node-opcua's warnings reach stderr as one readable line, never as a dump of the library's own context object. */
import { make_warningLog } from 'node-opcua-debug';
import { afterEach, expect, it, vi } from 'vitest';
import { routeOpcUaLibraryLogsToStderr } from '../../../main/engine/drivers/opcua/library-logging';

afterEach(() => vi.restoreAllMocks());

it('says a library warning as "node-opcua (file): message" on stderr', () => {
  const written: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
  routeOpcUaLibraryLogsToStderr();
  make_warningLog('client_base_impl')('Creating default certificate ... please wait');
  expect(written.join('')).toMatch(/^node-opcua \([\w.-]+\): Creating default certificate \.\.\. please wait\n$/);
});
