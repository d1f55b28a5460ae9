/** The site file schema: its parts (site-parts.ts) and the cross-reference checks over the whole file. */
import type { z } from 'zod';
import { checkSiteReferences } from './cross-checks';
import { SiteShape } from './site-parts';

export * from './site-parts';

export const SiteFile = SiteShape.superRefine(checkSiteReferences);
export type SiteFile = z.infer<typeof SiteFile>;
