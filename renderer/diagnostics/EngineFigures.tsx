/**
 * For maintenance: does history keep up (values stored, values it had to drop, size on disk), and does each scan
 * class keep its period (cycles run and skipped per connection). Read from the engine every 2 s while shown.
 */
import { useEffect, useState } from 'react';
import type { ConnectionStatus } from '../../shared/contract/events';
import { formatNumber, useI18n } from '../i18n/i18n';
import { useServices } from '../stores/hooks';
import './diagnostics.css';

const REFRESH_MS = 2000;

interface HistoryFigures {
  written: number;
  dropped: number;
  buffered: number;
  bytes: number;
  failing?: string;
  pending?: number;
  repackFailing?: string;
}

/** Reads history.status and connections.list every REFRESH_MS. */
function useEngineFigures(): { history: HistoryFigures | undefined; connections: ConnectionStatus[] } {
  const { client } = useServices();
  const [history, setHistory] = useState<HistoryFigures>();
  const [connections, setConnections] = useState<ConnectionStatus[]>([]);
  useEffect(() => {
    if (!client) return;
    let live = true;
    const read = () => {
      client.request('history.status', {}).then((figures) => live && setHistory(figures), () => undefined);
      client.request('connections.list', {}).then((list) => live && setConnections(list.connections), () => undefined);
    };
    read();
    const timer = setInterval(read, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [client]);
  return { history, connections };
}

/** The history and polling figures. */
export function EngineFigures() {
  const { t } = useI18n();
  const { history, connections } = useEngineFigures();
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
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted diag-help">{t('diagnostics.scanHelp')}</p>
    </>
  );
}
