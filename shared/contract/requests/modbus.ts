/** Modbus maintenance requests (raw register access). Filled in by the Modbus driver work. */
import type { RequestTable } from './table';

export const modbusRequests = {} satisfies RequestTable;
