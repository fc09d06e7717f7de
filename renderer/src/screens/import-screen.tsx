import { useRef, useState, type DragEvent } from 'react';
import type { ResponseOf } from '@api/contract';
import { useApi, useEvents } from '../api/use-api';
import { routeHref } from '../router';
import { droppedFiles, type DroppedFile } from '../components/dropped-files';

type IngestResult = ResponseOf<'items.ingest'>;

function batchId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * Import photos, videos and files. In the desktop app a dropped file is read from where it is;
 * in browser mode the page cannot know a file's path, so dropped or chosen files are streamed
 * to the local server first (into the data folder's uploads/) and imported from there. Paths on
 * this machine can also be typed, one per line, which imports folders recursively in place.
 */
export function ImportScreen({ caseId }: { caseId: number }) {
  const api = useApi();
  const [paths, setPaths] = useState('');
  const [progress, setProgress] = useState<{ done: number; total: number | null; phase: string } | null>(null);
  const [result, setResult] = useState<IngestResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  // Progress events can arrive after the import has returned: only a running import shows them,
  // so the bar ends when the import ends and the next import can start.
  const running = useRef(false);
  useEvents((event) => {
    if (running.current && event.topic === 'ingest.progress' && event.caseId === caseId) {
      setProgress((p) => ({ done: Number(event.done), total: p?.total ?? null, phase: 'Importing' }));
    }
  });

  const ingest = async (list: string[], total: number | null) => {
    setProgress({ done: 0, total, phase: 'Importing' });
    setResult(await api.call('items.ingest', { caseId, paths: list }));
  };
  const run = async (work: () => Promise<void>) => {
    setError(null);
    setResult(null);
    running.current = true;
    try {
      await work();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      running.current = false;
      setProgress(null);
    }
  };
  const importFiles = (files: DroppedFile[]) => run(async () => {
    if (files.length === 0) return;
    const batch = batchId();
    const list: string[] = [];
    for (const [i, dropped] of files.entries()) {
      setProgress({ done: i, total: files.length, phase: api.mode === 'browser' ? 'Uploading to this machine' : 'Reading' });
      list.push(await api.fileToPath(dropped.file, batch, dropped.relativePath));
    }
    await ingest(list, files.length);
  });
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    // The desktop app reads dropped files and folders where they are; a browser must upload each file.
    const transfer = event.dataTransfer;
    const plain = [...transfer.files].map((file) => ({ file, relativePath: file.name }));
    void (api.mode === 'desktop' ? importFiles(plain) : droppedFiles(transfer).then(importFiles));
  };

  return (
    <section className="screen import" aria-labelledby="import-heading">
      <h1 id="import-heading">Import</h1>
      <div
        className={`drop-zone${over ? ' over' : ''}`}
        onDragOver={(e) => { e.preventDefault(); setOver(true); }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p>Drop photos, videos, files or folders here</p>
        <label className="button">Choose files…<input className="sr-only" type="file" multiple onChange={(e) => void importFiles([...(e.target.files ?? [])].map((file) => ({ file, relativePath: file.name })))} /></label>
        {api.mode === 'browser' ? <p className="hint">Browser mode: files are copied to this machine's Golden Hour data folder first, then sealed into the vault.</p> : null}
      </div>
      <form onSubmit={(e) => { e.preventDefault(); void run(() => ingest(paths.split('\n').map((p) => p.trim()).filter(Boolean), null)); }}>
        <label>Or paths on this machine (files or folders, one per line)
          <textarea rows={3} value={paths} onChange={(e) => setPaths(e.target.value)} placeholder="/media/usb/DCIM" />
        </label>
        <button type="submit" className="primary" disabled={!paths.trim() || progress !== null}>Import paths</button>
      </form>
      {progress ? (
        <div role="status" className="progress-line">
          {progress.phase}: {progress.done}{progress.total ? ` of ${progress.total}` : ''} files
          {progress.total ? <progress max={progress.total} value={progress.done} /> : <progress />}
        </div>
      ) : null}
      {error ? <p role="alert" className="error">{error}</p> : null}
      {result ? (
        <div role="status" className="result" data-testid="import-result">
          <p><strong>{result.items.length} added</strong>, {result.alreadyPresent.length} already present, {result.errors.length} failed. <a href={routeHref({ screen: 'evidence', caseId })}>See the evidence</a></p>
          {result.sameContent.length ? (
            <ul className="notes" data-testid="same-content">
              {result.sameContent.map((s) => (
                <li key={s.itemId}>
                  <a href={routeHref({ screen: 'item', caseId, itemId: s.itemId })}>Item {s.itemId}</a> ({s.path}): same content as{' '}
                  <a href={routeHref({ screen: 'item', caseId, itemId: s.sameAs })}>item {s.sameAs}</a>, recorded again with this source
                </li>
              ))}
            </ul>
          ) : null}
          {result.errors.length ? <ul className="errors">{result.errors.map((f) => <li key={f.path}>{f.path}: {f.error}</li>)}</ul> : null}
          {result.notes.length ? <ul className="notes">{result.notes.map((n, i) => <li key={i}>Item {n.itemId}: {n.note}</li>)}</ul> : null}
        </div>
      ) : null}
    </section>
  );
}
