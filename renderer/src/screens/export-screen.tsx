import { useEffect, useState } from 'react';
import type { ResponseOf } from '@api/contract';
import type { CaseWorkspace } from '../app';
import { useApi, useEvents, useOperation } from '../api/use-api';
import { formatBytes } from '../format';
import { routeHref } from '../router';

type Selection = 'all' | 'filtered' | 'selected';

/** Export a sealed bundle: choose what goes in, watch it written, and get its path and SHA-256. */
export function ExportScreen({ caseId, workspace }: { caseId: number; workspace: CaseWorkspace }) {
  const api = useApi();
  const filtered = useOperation('items.summary', { caseId, filter: workspace.filter });
  const [selection, setSelection] = useState<Selection>(workspace.selected.size > 0 ? 'selected' : 'all');
  const [out, setOut] = useState('');
  const [progress, setProgress] = useState<{ done: number; total: number; bytes: number } | null>(null);
  const [result, setResult] = useState<ResponseOf<'bundle.export'> | null>(null);
  const [verdict, setVerdict] = useState<ResponseOf<'bundle.verify'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void api.call('export.suggestPath', { caseId }).then((r) => setOut(r.path), () => undefined);
  }, [api, caseId]);
  useEvents((event) => {
    if (event.topic === 'bundle.progress') setProgress({ done: Number(event.done), total: Number(event.total), bytes: Number(event.bytes) });
  });
  const total = filtered.data?.total ?? 0;
  const filteredIds = filtered.data?.rows.map((r) => r.id) ?? [];
  const ids = selection === 'all' ? undefined : selection === 'selected' ? [...workspace.selected] : filteredIds;
  const count = ids ? ids.length : total;

  const run = async () => {
    setError(null);
    setResult(null);
    setVerdict(null);
    setProgress(null);
    try {
      const exported = await api.call('bundle.export', { caseId, out, items: ids });
      setResult(exported);
      setVerdict(await api.call('bundle.verify', { path: exported.path }));
      void api.call('export.suggestPath', { caseId }).then((r) => setOut(r.path), () => undefined);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setProgress(null);
    }
  };

  return (
    <section className="screen export" aria-labelledby="export-heading">
      <h1 id="export-heading">Export a sealed bundle</h1>
      <form onSubmit={(e) => { e.preventDefault(); void run(); }} className="export-form">
        <fieldset>
          <legend>What goes in</legend>
          <label className="check"><input type="radio" name="selection" checked={selection === 'all'} onChange={() => setSelection('all')} />Every item in the case ({total})</label>
          <label className="check"><input type="radio" name="selection" checked={selection === 'filtered'} onChange={() => setSelection('filtered')} />The items the current filter shows ({filteredIds.length})</label>
          <label className="check"><input type="radio" name="selection" checked={selection === 'selected'} onChange={() => setSelection('selected')} disabled={workspace.selected.size === 0} />The items you selected ({workspace.selected.size})</label>
          <p className="hint">Set a filter or select items on the <a href={routeHref({ screen: 'evidence', caseId })}>Evidence</a> screen.</p>
        </fieldset>
        <label>Bundle file (a new .zip; an existing file is never overwritten)<input value={out} onChange={(e) => setOut(e.target.value)} required /></label>
        <div className="actions"><button type="submit" className="primary" disabled={count === 0 || !out || progress !== null}>Export {count} item{count === 1 ? '' : 's'}</button></div>
      </form>
      {progress ? (
        <div role="status" className="progress-line">Writing file {progress.done} of {progress.total} ({formatBytes(progress.bytes)})<progress max={progress.total} value={progress.done} /></div>
      ) : null}
      {error ? <p role="alert" className="error">{error}</p> : null}
      {result ? (
        <div className="result" role="status" data-testid="export-result">
          <p><span className={`badge ${verdict ? (verdict.ok ? 'ok' : 'bad') : 'pending'}`}>{verdict ? (verdict.ok ? 'Sealed and verified' : 'Verification FAILED') : 'Verifying…'}</span></p>
          <dl className="facts">
            <dt>Bundle</dt><dd className="hash" data-testid="bundle-path">{result.path}</dd>
            <dt>SHA-256</dt><dd className="hash" data-testid="bundle-sha256">{result.sha256}</dd>
            <dt>Size</dt><dd>{formatBytes(result.size)} · {result.files} files · {result.itemIds.length} items</dd>
            <dt>Signing key</dt><dd className="hash">{result.fingerprint}</dd>
            <dt>Exported</dt><dd>{result.exportedAt} (custody entry #{result.custodySeq})</dd>
          </dl>
          {verdict && !verdict.ok ? <ul className="errors">{verdict.problems.map((p, i) => <li key={i}>{p.path}: {p.problem}</li>)}</ul> : null}
          <p className="hint">Give the recipient the bundle and its SHA-256 by separate channels. They can check it with <code>goldenhour verify</code> or <code>sha256sum -c</code>.</p>
        </div>
      ) : null}
    </section>
  );
}
