/**
 * Child process of the history crash test: writes batches of --batch samples through the recorder into the store at
 * --path, as the engine does (on the history thread), printing the number of samples written after each flush
 * resolved (i.e. committed). The parent SIGKILLs it.
 */
import { parseArgs } from 'node:util';
import { HistoryRecorder } from '../../main/engine/history/history-recorder';
import { WorkerHistory } from '../../main/engine/history/worker-history';
import { createMemoryLogger } from '../../main/engine/log';

const { values } = parseArgs({ options: { path: { type: 'string' }, batch: { type: 'string', default: '1000' }, start: { type: 'string', default: '0' } } });
if (!values.path) throw new Error('--path is required');

const recorder = new HistoryRecorder(new WorkerHistory(values.path), createMemoryLogger(), { flushMs: 3_600_000 });
const batch = Number(values.batch);
let t = Number(values.start);
process.stdout.write('open\n');
for (;;) {
  for (let i = 0; i < batch; i++, t++) recorder.offer(t % 100, { value: t, quality: 0, sourceTime: t });
  await recorder.flush();
  process.stdout.write(`${recorder.written}\n`);
}
