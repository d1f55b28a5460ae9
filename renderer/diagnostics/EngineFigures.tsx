/**
 * For maintenance: does history keep up (values stored, values it had to drop, size on disk), and does each scan
 * class keep its period (cycles run and skipped per connection; the share run over the last 10 s, and a warning
 * naming the requests/s asked and carried when the link cannot carry the plan). Read from the engine every 2 s
 * while shown.
 */
import { useEffect, useState } from 'react';
import type { ConnectionStatus } from '../../shared/contract/events';
import { formatNumber, useI18n } from '../i18n/i18n';
import { useServices } from '../stores/hooks';
import { besideScanMatters, KEEPS_UP_SHARE, ScanHistory, scanLoad, type ScanLoad } from './scan-load';
import './diagnostics.css';

const REFRESH_MS = 2000;
/** The window the scan load is judged over. */
const SCAN_WINDOW_MS = 10_000;

interface HistoryFigures {
  written: number;
  dropped: number;
  buffered: number;
  bytes: number;
  failing?: string;
  pending?: number;
  repackFailing?: string;
  damagedChunksDropped?: number;
}

/** Reads history.status and connections.list every REFRESH_MS; the scan load per connection over SCAN_WINDOW_MS. */
function useEngineFigures(): { history: HistoryFigures | undefined; connections: ConnectionStatus[]; loads: Record<string, ScanLoad> } {
  const { client } = useServices();
  const [history, setHistory] = useState<HistoryFigures>();
  const [connections, setConnections] = useState<ConnectionStatus[]>([]);
  const [loads, setLoads] = useState<Record<string, ScanLoad>>({});
  useEffect(() => {
    if (!client) return;
    let live = true;
    const scanHistory = new ScanHistory(SCAN_WINDOW_MS); // per engine: a new client starts afresh
    const showConnections = (list: ConnectionStatus[]) => {
      const at = Date.now();
      const next: Record<string, ScanLoad> = {};
      for (const c of list) {
        if (!c.scan) continue;
        const pair = scanHistory.push(c.connectionId, { at, scan: c.scan, ...(c.requestsBesideScan !== undefined ? { besideScan: c.requestsBesideScan } : {}) });
        const load = pair && scanLoad(...pair);
        if (load) next[c.connectionId] = load;
      }
      setConnections(list);
      setLoads(next);
    };
    const read = () => {
      client.request('history.status', {}).then((figures) => live && setHistory(figures), () => undefined);
      client.request('connections.list', {}).then((list) => live && showConnections(list.connections), () => undefined);
    };
    read();
    const timer = setInterval(read, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [client]);
  return { history, connections, loads };
}

/** Whole percent, rounded down (89.6 % is behind, and must not read 90), or a dash while no cycle was due. */
const percent = (share: number | undefined) => (share === undefined ? '–' : String(Math.floor(share * 100)));

/** The history and polling figures. */
export function EngineFigures() {
  const { t } = useI18n();
  const { history, connections, loads } = useEngineFigures();
  const behind = connections.filter((c) => loads[c.connectionId] && !loads[c.connectionId]?.keepsUp);
  const scans = connections.flatMap((c) => Object.entries(c.scan ?? {}).map(([scanClass, figures]) => ({ connectionId: c.connectionId, scanClass, ...figures })));
  return (
    <>
      <h3>{t('diagnostics.history')}</h3>
      {history && (
        <dl className="stats" data-testid="diag-history">
          <dt>{t('diagnostics.historyWritten')}</dt>
          <dd data-testid="diag-history-written">{history.written}</dd>
          <dt>{t('diagnostics.historyDropped')}</dt>
          <dd data-testid="diag-history-dropped" className={history.dropped > 0 ? 'abnormal' : undefined}>
            {history.dropped}
          </dd>
          <dt>{t('diagnostics.historyBuffered')}</dt>
          <dd>{history.buffered}</dd>
          {history.pending !== undefined && (
            <>
              <dt>{t('diagnostics.historyPending')}</dt>
              <dd data-testid="diag-history-pending">{history.pending}</dd>
            </>
          )}
          <dt>{t('diagnostics.historySize')}</dt>
          <dd>{t('diagnostics.historySizeValue', { mb: formatNumber(history.bytes / 1e6, 1) })}</dd>
        </dl>
      )}
      {history?.failing && (
        <p className="refusal" role="alert">
          {t('diagnostics.historyFailing', { reason: history.failing })}
        </p>
      )}
      {history?.repackFailing && (
        <p className="refusal" role="alert" data-testid="diag-history-repack-failing">
          {t('diagnostics.historyRepackFailing', { reason: history.repackFailing })}
        </p>
      )}
      {history?.damagedChunksDropped ? (
        <p className="refusal" role="alert" data-testid="diag-history-damaged">
          {t('diagnostics.historyDamaged', { count: history.damagedChunksDropped })}
        </p>
      ) : null}
      <h3>{t('diagnostics.scan')}</h3>
      <table className="connections" data-testid="diag-scan">
        <thead>
          <tr>
            <th scope="col">{t('diagnostics.connection')}</th>
            <th scope="col">{t('diagnostics.scanClass')}</th>
            <th scope="col">{t('diagnostics.scanPeriod')}</th>
            <th scope="col">{t('diagnostics.scanRequests')}</th>
            <th scope="col">{t('diagnostics.scanCycles')}</th>
            <th scope="col">{t('diagnostics.scanSkipped')}</th>
            <th scope="col">{t('diagnostics.scanShare')}</th>
          </tr>
        </thead>
        <tbody>
          {scans.map((s) => (
            <tr key={`${s.connectionId}/${s.scanClass}`} data-testid={`diag-scan-${s.connectionId}-${s.scanClass}`}>
              <th scope="row">{s.connectionId}</th>
              <td>{s.scanClass}</td>
              <td>{t('diagnostics.scanPeriodValue', { ms: String(s.periodMs) })}</td>
              <td>{s.requestsPerCycle}</td>
              <td>{s.cycles}</td>
              <td className={s.skippedCycles > 0 ? 'abnormal' : undefined}>{s.skippedCycles}</td>
              <ShareCell share={loads[s.connectionId]?.shares[s.scanClass]} testId={`diag-scan-share-${s.connectionId}-${s.scanClass}`} />
            </tr>
          ))}
        </tbody>
      </table>
      {behind.map((c) => (
        <ScanBehind key={c.connectionId} connection={c} load={loads[c.connectionId] as ScanLoad} />
      ))}
      <p className="muted diag-help">{t('diagnostics.scanHelp')}</p>
    </>
  );
}

/** The share of a class's cycles run over the window; below KEEPS_UP_SHARE it is marked. */
function ShareCell({ share, testId }: { share: number | undefined; testId: string }) {
  const { t } = useI18n();
  const low = share !== undefined && share < KEEPS_UP_SHARE;
  return (
    <td className={low ? 'abnormal' : undefined} data-testid={testId}>
      {share === undefined ? percent(share) : t('diagnostics.scanShareValue', { pct: percent(share) })}
    </td>
  );
}

/** A connection whose link does not carry its scan plan: what it asks, what it got, and what a site engineer can change. */
function ScanBehind({ connection, load }: { connection: ConnectionStatus; load: ScanLoad }) {
  const { t } = useI18n();
  const text = t('diagnostics.scanBehind', {
    connection: connection.connectionId,
    demand: formatNumber(load.demandPerSec, 0),
    carried: formatNumber(load.carriedPerSec, 0),
    seconds: formatNumber(load.windowMs / 1000, 0),
  });
  return (
    // No live region: its figures change with every reading, and a screen reader would repeat it every 2 s.
    <p className="refusal" data-testid={`diag-scan-behind-${connection.connectionId}`}>
      {text}
      {/* What else took the link: on a slow link, the heartbeat of a console in control can take most of it. */}
      {besideScanMatters(load) ? ` ${t('diagnostics.scanBehindBeside', { beside: formatNumber(load.besideScanPerSec ?? 0, 0) })}` : ''}
      {connection.protocol === 'modbus-tcp' ? ` ${t('diagnostics.scanBehindPipelined')}` : ''}
    </p>
  );
}
