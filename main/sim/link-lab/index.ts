/** The 5G link lab: a TCP impairment proxy with named profiles (see PROFILES.md). Entered only through this file. */
export { LinkProxy, startLinkProxy, type LinkProxyOptions } from './link-proxy';
export type { LinkStats, DirectionStats } from './link-stats';
export {
  LINK_PROFILES,
  LINK_PROFILE_NAMES,
  profileByName,
  configuredRttMs,
  fixedRttProfile,
  type LinkProfile,
  type LinkParams,
  type DirectionParams,
  type OutageSchedule,
} from './profiles';
export { linkInFront, splitEndpointUrl, type LinkedSimulator } from './linked-simulator';
