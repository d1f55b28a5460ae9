// The baseline's history thread: raw node:sqlite keeping each one-second flush of changes as one blob row, on a
// connection set up as the engine's store sets up its own (workerData.pragmas): the least SQLite needs to keep them.
// Plain JS, as a raw library user would write it: no loader in this thread.
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';

const db = new DatabaseSync(workerData.path);
db.exec(workerData.pragmas);
db.exec('CREATE TABLE flushes (seq INTEGER PRIMARY KEY, data BLOB NOT NULL)');
const insert = db.prepare('INSERT INTO flushes (data) VALUES (?)');

parentPort.on('message', (flush) => {
  if (flush === 'close') {
    db.close();
    parentPort.postMessage('closed');
    return;
  }
  const { length: n, ids, times, values, qualities } = flush;
  const data = new Uint8Array(21 * n);
  data.set(new Uint8Array(times.buffer, 0, 8 * n), 0);
  data.set(new Uint8Array(values.buffer, 0, 8 * n), 8 * n);
  data.set(new Uint8Array(ids.buffer, 0, 4 * n), 16 * n);
  data.set(qualities.subarray(0, n), 20 * n);
  insert.run(data); // one row in autocommit: one transaction per flush, as the store's
  parentPort.postMessage(n);
});
