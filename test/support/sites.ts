/** Small valid sites for engine tests, built through the real schema so defaults apply. */
import { SiteFile } from '../../shared/site/schema';

/** A one-connection Modbus site with `tagCount` float32 holding-register tags. */
export function smallSite(tagCount = 3, protocol: 'modbus-tcp' | 'opcua' = 'modbus-tcp'): SiteFile {
  const connection =
    protocol === 'opcua'
      ? { id: 'plc', protocol, endpoint: 'opc.tcp://127.0.0.1:4840', security: { mode: 'None', policy: 'None' }, connectRetries: 2, backoff: { initialMs: 10, maxMs: 40 } }
      : { id: 'plc', protocol, host: '127.0.0.1', port: 1502, backoff: { initialMs: 10, maxMs: 40 } };
  const tags = Object.fromEntries(
    Array.from({ length: tagCount }, (_, i) => [`t${i}`, protocol === 'opcua' ? { address: `ns=1;s=T${i}`, type: 'float32' } : { address: `holding:${i * 2}`, type: 'float32' }]),
  );
  return SiteFile.parse({
    site: { name: 'Test site' },
    connections: [connection],
    equipment: [{ id: 'eq1', name: 'Equipment 1', type: 'generic', connection: 'plc', tags }],
  });
}
