/** The link lab rewrites a simulator URL's host:port to the proxy's and keeps everything else. */
import { describe, expect, it } from 'vitest';
import { splitEndpointUrl } from '../../../main/sim/link-lab';

describe('splitEndpointUrl', () => {
  it.each([
    ['modbus-tcp://127.0.0.1:15020?unit=1', { prefix: 'modbus-tcp://', host: '127.0.0.1', port: 15020, suffix: '?unit=1' }],
    ['modbus-rtu-tcp://localhost:15021?unit=1', { prefix: 'modbus-rtu-tcp://', host: 'localhost', port: 15021, suffix: '?unit=1' }],
    ['opc.tcp://127.0.0.1:15022', { prefix: 'opc.tcp://', host: '127.0.0.1', port: 15022, suffix: '' }],
    ['opc.tcp://[::1]:4840/UA/Rig', { prefix: 'opc.tcp://', host: '::1', port: 4840, suffix: '/UA/Rig' }],
  ])('%s', (url, parts) => {
    expect(splitEndpointUrl(url)).toEqual(parts);
  });

  it('refuses a URL without an explicit port (a serial port cannot be proxied)', () => {
    expect(() => splitEndpointUrl('modbus-rtu:///dev/ttyUSB0?baud=19200')).toThrow(/cannot put a link proxy in front of .*no host:port/);
    expect(() => splitEndpointUrl('opc.tcp://rig.local/UA')).toThrow(/no host:port/);
  });
});
