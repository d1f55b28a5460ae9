/** The register layout both peers poll: 20 blocks of 100 holding registers, 200 apart (never merged into one request). */
export const BLOCKS = 20;
/** Registers per block (one read request each). */
export const BLOCK_SIZE = 100;
/** Distance between block starts: a 100-register gap, never bridged (default maxGap 8; two blocks would exceed 125 anyway). */
export const BLOCK_STRIDE = 200;
/** Poll period of every block, ms. */
export const PERIOD_MS = 100;
