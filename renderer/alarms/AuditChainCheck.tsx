/**
 * Checks the audit log's hash chain from the console (`audit.verify`): every entry since the first, in every file.
 * Intact → how many entries, up to which; broken → the file and line of the first break and what kind it is
 * (edited, deleted, inserted, reordered, torn, malformed), so maintenance staff can act on it without a shell.
 */
import { useState } from 'react';
import type { ContractClient } from '../../shared/contract/client';
import type { ReplyOf } from '../../shared/contract/requests';
import { useI18n } from '../i18n/i18n';
import { hasMessage, type MessageKey } from '../i18n/messages';

type Result = ReplyOf<'audit.verify'>;

/** The check button and its verdict. */
export function AuditChainCheck({ client }: { client: ContractClient | undefined }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | undefined>();
  const [error, setError] = useState<string | undefined>();
  const check = async () => {
    if (!client) return;
    setBusy(true);
    try {
      setResult(await client.request('audit.verify', {}));
      setError(undefined);
    } catch (e) {
      setError(t('audit.error', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };
  const kind = (k: string) => (hasMessage(`audit.chain.kind.${k}`) ? t(`audit.chain.kind.${k}` as MessageKey) : k);
  return (
    <div className="audit-chain" data-testid="audit-chain">
      <button type="button" onClick={() => void check()} disabled={busy || !client} data-testid="audit-chain-check">
        {busy ? t('audit.chain.checking') : t('audit.chain.check')}
      </button>
      {error && <span role="alert" className="alarm-failure">{error}</span>}
      {result?.ok && (
        <span className="audit-chain-ok" data-testid="audit-chain-result">
          {t('audit.chain.intact', { count: String(result.count), files: String(result.files.length), seq: String(result.lastSeq ?? 0) })}
        </span>
      )}
      {result && !result.ok && result.problem && (
        <span role="alert" className="audit-chain-broken" data-testid="audit-chain-result">
          {t('audit.chain.broken', { file: result.problem.file, line: String(result.problem.line), kind: kind(result.problem.kind), count: String(result.count) })}
          <span className="muted"> {result.problem.message}</span>
        </span>
      )}
    </div>
  );
}
