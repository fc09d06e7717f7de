import { useEffect, useState } from 'react';
import { useApi } from '../api/use-api';

/**
 * The time-stamping setting: the RFC 3161 authorities that anchor every case's custody ledger
 * outside this machine (one address a line; empty turns anchoring off).
 */
export function TsaSetting() {
  const api = useApi();
  const [text, setText] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void api.call('settings.get', {}).then((s) => setText(s.tsa.join('\n')), () => undefined);
  }, [api]);
  const save = async () => {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const tsa = text.split(/[\n,]/).map((line) => line.trim()).filter(Boolean);
      const result = await api.call('settings.setTsa', { tsa });
      setSaved(result.tsa.length > 0 ? `Ledgers are anchored with ${result.tsa.join(', ')}.` : 'Anchoring is off.');
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="tsa-setting">
      <summary>Time-stamping authorities (anchor custody ledgers)</summary>
      <form onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <label>Authority addresses, one a line (RFC 3161, e.g. https://freetsa.org/tsr); leave empty for none
          <textarea rows={3} value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <button type="submit" disabled={busy}>{busy ? 'Saving…' : 'Save'}</button>
      </form>
      {saved ? <p role="status">{saved}</p> : null}
      {error ? <p role="alert" className="error-text">{error}</p> : null}
    </details>
  );
}
