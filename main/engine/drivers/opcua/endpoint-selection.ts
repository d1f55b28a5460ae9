/** Picks the server endpoint matching the site's security mode and policy; None only when asked for by name. */
import { MessageSecurityMode, SecurityPolicy, type EndpointDescription } from 'node-opcua';
import { SECURITY_MODES, SECURITY_POLICIES } from '../../../../shared/site/schema';

/** A security mode name of the site schema. */
export type SecurityModeName = (typeof SECURITY_MODES)[number];
/** A security policy name of the site schema. */
export type SecurityPolicyName = (typeof SECURITY_POLICIES)[number];

/** SHA-1 era policies, refused unless the site sets allowObsolete. */
export const OBSOLETE_POLICIES: readonly SecurityPolicyName[] = ['Basic128Rsa15', 'Basic256'];

/** The security a connection asks for. */
export interface SecurityChoice {
  mode: SecurityModeName;
  policy: SecurityPolicyName;
  allowObsolete?: boolean;
}

/** node-opcua's enum value of a mode name. */
export function toMessageSecurityMode(mode: SecurityModeName): MessageSecurityMode {
  return MessageSecurityMode[mode];
}

/** node-opcua's policy URI of a policy name. */
export function toSecurityPolicy(policy: SecurityPolicyName): SecurityPolicy {
  return SecurityPolicy[policy];
}

/** Why a security choice is refused before any network traffic, or undefined when it is acceptable. */
export function securityChoiceProblem(choice: { mode: string; policy: string; allowObsolete?: boolean }): string | undefined {
  if (!(SECURITY_MODES as readonly string[]).includes(choice.mode)) return `unknown security mode "${choice.mode}" (use ${SECURITY_MODES.join(', ')})`;
  if (!(SECURITY_POLICIES as readonly string[]).includes(choice.policy)) return `unknown security policy "${choice.policy}" (use ${SECURITY_POLICIES.join(', ')})`;
  if ((choice.mode === 'None') !== (choice.policy === 'None')) return 'security mode None goes with policy None, and only with it';
  if (OBSOLETE_POLICIES.includes(choice.policy as SecurityPolicyName) && !choice.allowObsolete) {
    return `security policy ${choice.policy} is obsolete (SHA-1) and refused`;
  }
  return undefined;
}

/** Short name of a policy URI (`Basic256Sha256`). */
export function policyName(uri: string | null | undefined): string {
  return (uri ?? '').split('#')[1] ?? String(uri);
}

/** One offered endpoint as users read it: `SignAndEncrypt/Basic256Sha256`. */
export function describeEndpoint(endpoint: EndpointDescription): string {
  return `${MessageSecurityMode[endpoint.securityMode]}/${policyName(endpoint.securityPolicyUri)}`;
}

/** The endpoint matching `choice` exactly, or the list of what the server offers instead. */
export function selectEndpoint(endpoints: readonly EndpointDescription[], choice: SecurityChoice): { endpoint: EndpointDescription } | { offered: string[] } {
  const mode = toMessageSecurityMode(choice.mode);
  const policy = toSecurityPolicy(choice.policy);
  const matches = endpoints.filter((e) => e.securityMode === mode && e.securityPolicyUri === policy);
  // Several URLs may offer the same security (alternate host names): prefer the highest security level.
  const best = matches.sort((a, b) => b.securityLevel - a.securityLevel)[0];
  if (best) return { endpoint: best };
  return { offered: [...new Set(endpoints.map(describeEndpoint))] };
}
