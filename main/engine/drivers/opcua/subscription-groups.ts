/**
 * Creates the planned subscriptions on a session through ClientMonitoredItemGroups, forwards changes as batched
 * samples (value, status, source timestamp kept), and tells when the first notification has arrived — the proof
 * that a (re)created subscription really delivers.
 */
import {
  AttributeIds,
  DataChangeFilter,
  DataChangeTrigger,
  DeadbandType,
  TimestampsToReturn,
  type ClientMonitoredItemGroup,
  type ClientSession,
  type ClientSubscription,
  type DataValue,
} from 'node-opcua';
import { Quality } from '../../../../shared/contract/telemetry';
import type { Logger, Sample, TagBinding } from '../driver';
import { OPCUA_KEEPALIVE_COUNT } from '../../../../shared/site/stale-after';
import { holdKeepAlive, LIFETIME_COUNT } from './keep-alive';
import { onNoSubscription } from './publish-faults';
import { SlowItemWatch, slowItemsWarning, type SlowItem } from './slow-sampling';
import { statusName } from './status-names';
import type { SubscriptionPlan } from './subscription-plan';
import { SubscriptionWatch } from './subscription-watch';
import { toSample } from './values';

/** The live subscriptions of one session. */
export interface ActiveSubscriptions {
  subscriptions: ClientSubscription[];
  /** Monitored items the server refused (unknown node …), by tag. */
  refused: { binding: TagBinding; status: string }[];
  /** Items sampled too slowly for keep-alives to confirm them (slow-sampling.ts): only their own notifications do. */
  slow: readonly SlowItem[];
  /** Resolves on the first data notification of any subscription. */
  firstNotification: Promise<void>;
  terminate(): Promise<void>;
  /** Ends the slow items' stale timers and the silence watch (also done by terminate): a closed driver marks nothing. */
  stopTimers(): void;
}

/** Inputs of createSubscriptions. */
export interface SubscribeOptions {
  session: ClientSession;
  plans: SubscriptionPlan[];
  emit(samples: Sample[]): void;
  /** Every publish response (keep-alive or notifications) confirms all values of its subscription (but slow items). */
  confirm?(signalIds: readonly number[]): void;
  /** The connection's request timeout: part of the stale limit that decides which items are too slow. */
  timeoutMs: number;
  /** Called when a subscription dies on the server side (timeout, deleted, transferred away, silent). */
  onLost(reason: string): void;
  log: Logger;
}

/** Creates every subscription and monitored-item group of `plans`. */
export async function createSubscriptions(options: SubscribeOptions): Promise<ActiveSubscriptions> {
  const { session, plans, emit, log } = options;
  const subscriptions: ClientSubscription[] = [];
  const refused: ActiveSubscriptions['refused'] = [];
  let signalFirst: () => void = () => undefined;
  const firstNotification = new Promise<void>((resolve) => (signalFirst = resolve));
  // Samples are flushed once per event-loop turn so one publish response becomes one emit.
  let pending: Sample[] = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    if (batch.length > 0) emit(batch);
  };
  let terminating = false;
  const slow = new SlowItemWatch(emit, options.timeoutMs);
  const silence = new SubscriptionWatch(options.timeoutMs, (reason) => {
    if (!terminating) options.onLost(reason);
  });
  // The server ending them all is known at its next Publish answer, not a silence later.
  const unwrapPublish = onNoSubscription(session, (reason) => {
    if (!terminating) options.onLost(reason);
  });
  for (const plan of plans) {
    const subscription = await session.createSubscription2({
      requestedPublishingInterval: plan.publishingMs,
      requestedLifetimeCount: LIFETIME_COUNT,
      requestedMaxKeepAliveCount: OPCUA_KEEPALIVE_COUNT,
      maxNotificationsPerPublish: 0,
      publishingEnabled: true,
      priority: 10,
    });
    subscriptions.push(subscription);
    await holdKeepAlive(subscription, plan.publishingMs, log);
    // Filled once its items exist: an item the server refused is watched by nothing, so nothing confirms its value.
    let ids: number[] = [];
    const confirm = () => {
      silence.heard(subscription);
      options.confirm?.(ids);
    };
    subscription.on('keepalive', confirm);
    subscription.on('received_notifications', confirm);
    // Every status change ends the subscription for this session: BadTimeout (expired), and also
    // GoodSubscriptionTransferred (another session took it over; nothing will come here again), which is not bad.
    subscription.on('status_changed', (status) => {
      if (!terminating) options.onLost(`subscription ${subscription.subscriptionId}: ${statusName(status)}`);
    });
    subscription.on('terminated', () => {
      if (!terminating) options.onLost(`subscription ${subscription.subscriptionId} terminated`);
    });
    for (const chunk of plan.chunks) {
      const filter =
        chunk.deadband > 0 ? new DataChangeFilter({ trigger: DataChangeTrigger.StatusValue, deadbandType: DeadbandType.Absolute, deadbandValue: chunk.deadband }) : null;
      const group: ClientMonitoredItemGroup = await subscription.monitorItems(
        chunk.bindings.map((b) => ({ nodeId: b.tag.address, attributeId: AttributeIds.Value })),
        { samplingInterval: chunk.samplingMs, queueSize: chunk.queueSize, discardOldest: true, ...(filter ? { filter } : {}) },
        TimestampsToReturn.Both,
      );
      // By item index: the stale timer a slow item's own notifications restart.
      const slowTimers: (NodeJS.Timeout | undefined)[] = [];
      group.monitoredItems.forEach((item, index) => {
        const binding = chunk.bindings[index];
        if (!binding) return;
        if (item.statusCode?.isBad()) refused.push({ binding, status: statusName(item.statusCode) });
        else slowTimers[index] = slow.watch(binding, plan.publishingMs, chunk.samplingMs, item.monitoringParameters.samplingInterval);
      });
      group.on('changed', (_item, dataValue: DataValue, index: number) => {
        const binding = chunk.bindings[index];
        if (!binding) return;
        slowTimers[index]?.refresh();
        if (pending.length === 0) setImmediate(flush);
        pending.push(toSample(binding, dataValue));
        signalFirst();
      });
    }
    const unconfirmed = new Set([...refused.map((r) => r.binding.signalId), ...slow.items.map((s) => s.binding.signalId)]);
    ids = plan.chunks.flatMap((chunk) => chunk.bindings.map((b) => b.signalId)).filter((id) => !unconfirmed.has(id));
    silence.watch(subscription); // after holdKeepAlive: by the keep-alive period the server granted
  }
  silence.start();
  if (slow.items.length > 0) {
    log.warn('opcua.sampling-slow', slowItemsWarning(slow.items), { items: slow.items.map((s) => ({ nodeId: s.binding.tag.address, requestedMs: s.requestedMs, revisedMs: s.revisedMs, staleAfterMs: s.staleAfterMs })) });
  }
  if (refused.length > 0) {
    log.warn('opcua.monitor-refused', `${refused.length} monitored item(s) refused by the server`, { first: `${refused[0]?.binding.tag.address} ${refused[0]?.status}` });
    const now = Date.now();
    emit(refused.map(({ binding }) => ({ signalId: binding.signalId, value: Number.NaN, quality: Quality.bad, sourceTime: now })));
  }
  return {
    subscriptions,
    refused,
    slow: slow.items,
    firstNotification,
    stopTimers: () => {
      slow.stop();
      silence.stop();
    },
    async terminate() {
      terminating = true;
      slow.stop();
      silence.stop();
      unwrapPublish();
      await Promise.all(subscriptions.map((s) => s.terminate().catch(() => undefined)));
    },
  };
}
