/** Handlers of the alarm and history requests. */
import type { PartialHandlerTable } from '../../../shared/contract/handlers';
import type { alarmRequests } from '../../../shared/contract/requests/alarms';
import type { historyRequests } from '../../../shared/contract/requests/history';
import type { HandlerContext } from './context';

/** A range ending this recently may include values the recorder has not flushed yet (it flushes every second). */
const HISTORY_FLUSH_WINDOW_MS = 5_000;

/** Handlers of every alarm and history request. */
export const alarmHandlers: PartialHandlerTable<HandlerContext, keyof typeof alarmRequests | keyof typeof historyRequests> = {
  'alarms.list': (_body, { services }) => ({ alarms: services.alarms.service.list(), flood: services.alarms.service.floodFigures() }),
  'alarms.ack': async ({ key, comment }, { services, session }) => ({ outcome: await services.alarms.commands.ack(session, key, comment) }),
  'alarms.shelve': async ({ key, durationMs, reason }, { services, session }) => ({ outcome: await services.alarms.commands.shelve(session, key, durationMs, reason) }),
  'alarms.unshelve': async ({ key, comment }, { services, session }) => ({ outcome: await services.alarms.commands.unshelve(session, key, comment) }),
  'alarms.suppress': async ({ equipmentId, suppressed, reason }, { services, session }) => ({ outcome: await services.alarms.commands.suppress(session, equipmentId, suppressed, reason) }),
  'alarms.history': async (query, { services }) => {
    await services.history.flush(); // the newest transitions are in the buffer, not yet on disk
    return { transitions: await services.history.store.alarms(query) };
  },
  'history.query': async ({ signalIds, from, to, widthPx }, { services }) => {
    const { store } = services.history;
    // The last second is still in the buffer, and paced tags may hold a newer value back: both are written first.
    if (to >= Date.now() - HISTORY_FLUSH_WINDOW_MS) await services.history.flush({ heldOf: signalIds });
    return { series: await Promise.all(signalIds.map((id) => store.trend(id, from, to, widthPx))) };
  },
  'history.status': async (_body, { services }) => {
    const { history } = services;
    const [bytes, storage] = await Promise.all([history.store.sizeBytes().catch(() => 0), history.store.storage().catch(() => undefined)]);
    return {
      written: history.written,
      dropped: history.dropped,
      buffered: history.buffered,
      bytes,
      ...(history.failing ? { failing: history.failing } : {}),
      ...(storage ? { pending: storage.pendingSamples } : {}),
      ...(storage?.repackFailing ? { repackFailing: storage.repackFailing } : {}),
      ...(storage?.damagedChunksDropped ? { damagedChunksDropped: storage.damagedChunksDropped } : {}),
    };
  },
  'history.export': async ({ signalIds, from, to, maxRows, after }, { services }) => {
    // The first page stores what is held for the range's end; the pages after it continue what that one saw.
    if (!after && to >= Date.now() - HISTORY_FLUSH_WINDOW_MS) await services.history.flush({ heldOf: signalIds });
    return services.exportHistoryCsv(signalIds, from, to, maxRows, after);
  },
};
