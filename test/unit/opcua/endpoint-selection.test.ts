import { EndpointDescription, MessageSecurityMode, SecurityPolicy } from 'node-opcua';
import { describe, expect, it } from 'vitest';
import { describeEndpoint, securityChoiceProblem, selectEndpoint } from '../../../main/engine/drivers/opcua/endpoint-selection';

const endpoint = (mode: MessageSecurityMode, policy: SecurityPolicy, securityLevel = 1) =>
  new EndpointDescription({ endpointUrl: 'opc.tcp://127.0.0.1:4840', securityMode: mode, securityPolicyUri: policy, securityLevel });

const offered = [
  endpoint(MessageSecurityMode.None, SecurityPolicy.None, 0),
  endpoint(MessageSecurityMode.Sign, SecurityPolicy.Basic256Sha256, 2),
  endpoint(MessageSecurityMode.SignAndEncrypt, SecurityPolicy.Basic256Sha256, 3),
  endpoint(MessageSecurityMode.SignAndEncrypt, SecurityPolicy.Basic256Sha256, 5),
  endpoint(MessageSecurityMode.SignAndEncrypt, SecurityPolicy.Aes256_Sha256_RsaPss, 4),
];

describe('endpoint selection', () => {
  it('picks the exact mode and policy, preferring the highest security level', () => {
    const result = selectEndpoint(offered, { mode: 'SignAndEncrypt', policy: 'Basic256Sha256' });
    expect('endpoint' in result && result.endpoint.securityLevel).toBe(5);
  });

  it('never falls back to a weaker endpoint, and lists what is offered', () => {
    const result = selectEndpoint(offered, { mode: 'SignAndEncrypt', policy: 'Aes128_Sha256_RsaOaep' });
    expect(result).toEqual({ offered: ['None/None', 'Sign/Basic256Sha256', 'SignAndEncrypt/Basic256Sha256', 'SignAndEncrypt/Aes256_Sha256_RsaPss'] });
  });

  it('selects None only when asked for by name', () => {
    const result = selectEndpoint(offered, { mode: 'None', policy: 'None' });
    expect('endpoint' in result && describeEndpoint(result.endpoint)).toBe('None/None');
  });

  it.each([
    [{ mode: 'SignAndEncrypt', policy: 'Basic256Sha256' }, undefined],
    [{ mode: 'Sign', policy: 'Aes128_Sha256_RsaOaep' }, undefined],
    [{ mode: 'None', policy: 'None' }, undefined],
    [{ mode: 'None', policy: 'Basic256Sha256' }, 'security mode None goes with policy None, and only with it'],
    [{ mode: 'Sign', policy: 'None' }, 'security mode None goes with policy None, and only with it'],
    [{ mode: 'Sign', policy: 'Basic256' }, 'security policy Basic256 is obsolete (SHA-1) and refused'],
    [{ mode: 'Sign', policy: 'Basic128Rsa15' }, 'security policy Basic128Rsa15 is obsolete (SHA-1) and refused'],
    [{ mode: 'Sign', policy: 'Basic256', allowObsolete: true }, undefined],
    [{ mode: 'Encrypt', policy: 'Basic256Sha256' }, 'unknown security mode "Encrypt" (use None, Sign, SignAndEncrypt)'],
  ])('security choice %j → %s', (choice, problem) => {
    expect(securityChoiceProblem(choice)).toBe(problem);
  });
});
