/** Demo-only credentials of the drill-rig simulator's OPC UA user; documented, never used for a real site. */
export const DEMO_OPCUA_USER = 'operator';
export const DEMO_OPCUA_PASSWORD = 'demo-operator-pw';
