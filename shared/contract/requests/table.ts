/** The shape every request table has: name → request schema and reply schema. */
import type { z } from 'zod';

/** One request: what the caller sends and what the engine answers. */
export interface RequestSpec {
  request: z.ZodType;
  reply: z.ZodType;
}

export type RequestTable = Record<string, RequestSpec>;
