/** The shape every request table has: name → access class, request schema and reply schema. */
import type { z } from 'zod';
import type { AccessClass } from '../access';

/** One request: who may send it, what the caller sends and what the engine answers. */
export interface RequestSpec {
  /** Checked by the engine's session dispatch before the handler runs (see ../access.ts). */
  access: AccessClass;
  request: z.ZodType;
  reply: z.ZodType;
}

export type RequestTable = Record<string, RequestSpec>;
