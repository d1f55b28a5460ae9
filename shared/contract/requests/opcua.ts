/** OPC UA requests (browse, certificates and trust). Filled in by the OPC UA driver work. */
import type { RequestTable } from './table';

export const opcuaRequests = {} satisfies RequestTable;
