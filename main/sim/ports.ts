/** Default first port; simulator i listens on DEFAULT_BASE_PORT + its portOffset (the demo site uses these). */
export const DEFAULT_BASE_PORT = 15020;
