/** What a Modbus slave is to the framings (TCP/MBAP and RTU): an image to read and a handler that decides writes. */
import type { ExceptionCode } from './protocol';
import type { RegisterImage, WritableTable } from './register-image';

/** A write as requested, before anything changes. */
export interface ProposedWrite {
  table: WritableTable;
  start: number;
  /** Register words (holding) or 0/1 (coils), in address order. */
  values: readonly number[];
}

/**
 * Decides every write. It stores accepted values itself (a machine model may keep its own state and re-render the
 * image), and returns an exception code to refuse: then nothing may have changed (writes are all-or-nothing).
 */
export type WriteHandler = (write: ProposedWrite) => ExceptionCode | undefined;

/** A Modbus slave: one unit id, one image, one write handler. */
export interface ModbusSlave {
  unitId: number;
  image: RegisterImage;
  write: WriteHandler;
}

/** The write handler of a plain memory device: every write in range is stored as is. */
export function storeWrites(image: RegisterImage): WriteHandler {
  return (write) => {
    (write.table === 'coil' ? image.coils : image.holding).set(write.values, write.start);
    return undefined;
  };
}
