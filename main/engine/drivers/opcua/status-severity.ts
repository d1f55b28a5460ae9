/**
 * A status's severity by its name (or its hex, for a code without one): a Good subcode (GoodClamped,
 * GoodCompletesAsynchronously) is done like Good; an Uncertain one leaves open whether the server acted. Apart from
 * status-names.ts so that code outside the driver can judge a status without loading node-opcua.
 */
export function severityOf(name: string): 'good' | 'uncertain' | 'bad' {
  if (name.startsWith('Good')) return 'good';
  if (name.startsWith('Uncertain')) return 'uncertain';
  if (/^0x[0-9a-f]{8}$/i.test(name)) return (['good', 'uncertain', 'bad', 'bad'] as const)[Number.parseInt(name.slice(2, 3), 16) >> 2] ?? 'bad';
  return 'bad';
}
