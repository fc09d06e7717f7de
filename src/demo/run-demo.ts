import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Api } from '../api/api.js';
import type { Core } from '../core.js';
import { GoldenHourError } from '../util/errors.js';
import { writeDemoPhotos } from './demo-photos.js';
import { DEMO_INCIDENT_LOCAL, DEMO_SCENE, DEMO_TIMEZONE } from './demo-scene.js';
import { startIncidentSite } from './incident-site.js';

/** What the demo did, and where its results are. */
export interface DemoResult {
  dataDir: string;
  caseId: number;
  captured: number;
  captureFailures: { url: string; error: string }[];
  imported: number;
  bundlePath: string;
  bundleSha256: string;
  verified: boolean;
  reportPath: string;
  verificationPath: string;
}

/**
 * The whole flow on this machine with no network: a loopback incident site, a case, captures of
 * its pages, demo photos imported, a sealed bundle exported and verified, and the bundle's
 * report copied out beside it. Everything goes through the API, as the app does it.
 */
export async function runDemo(api: Api, core: Core, log: (line: string) => void): Promise<DemoResult> {
  const site = await startIncidentSite();
  try {
    log(`Demo incident site: ${site.origin} (loopback only)`);
    const c = await api.call('case.create', {
      title: 'Demo: fire at the old railway bridge',
      reference: 'DEMO-1',
      scene: { ...DEMO_SCENE },
      incidentTime: DEMO_INCIDENT_LOCAL,
      timezone: DEMO_TIMEZONE,
      window: { beforeMin: 30, afterMin: 60 },
    });
    log(`Case ${c.id}: ${c.title} (incident ${c.incidentTime}, ${DEMO_TIMEZONE})`);

    let pagesCaptured = 0;
    const capture = await api.call('capture.run', { caseId: c.id, urls: site.pages, allowPrivate: true, concurrency: 2 }, {
      emit: (event) => {
        if (event.topic !== 'capture.progress') return;
        if (event.type === 'done') pagesCaptured += 1;
        if (event.type === 'done') log(`  captured ${String(event.url)}${(event.flags as string[]).length ? ` [${(event.flags as string[]).join(', ')}]` : ''}`);
        if (event.type === 'failed') log(`  failed   ${String(event.url)}: ${String(event.error)}`);
      },
    });
    log(`Captured ${pagesCaptured} of ${site.pages.length} pages (${capture.items.length} items with the media they embed)`);

    // The rest of the data folder is refused as an import source (it holds the vault and the
    // database); its uploads/ folder is where files handed to the app wait to be imported.
    const photoDir = join(core.dataDir, 'uploads', 'demo-photos');
    await writeDemoPhotos(photoDir);
    const ingest = await api.call('items.ingest', { caseId: c.id, paths: [photoDir] });
    log(`Imported ${ingest.items.length} demo photos from ${photoDir}`);
    for (const error of ingest.errors) log(`  not imported ${error.path}: ${error.error}`);

    const exportsDir = join(core.dataDir, 'exports');
    mkdirSync(exportsDir, { recursive: true });
    const { path: out } = await api.call('export.suggestPath', { caseId: c.id });
    const exported = await api.call('bundle.export', { caseId: c.id, out });
    log(`Exported ${exported.itemIds.length} items to ${exported.path}`);
    const opened = await api.call('bundle.open', { path: exported.path });
    const verificationPath = `${exported.path}.verification.json`;
    writeFileSync(verificationPath, `${JSON.stringify(opened.verification, null, 2)}\n`);
    const report = opened.manifest?.files.find((file) => file.path === 'report.html');
    if (!report) throw new GoldenHourError('internal', 'The bundle has no report.html');
    const reportFile = await api.call('bundle.file', { path: exported.path, sha256: report.sha256 });
    const reportPath = exported.path.replace(/\.zip$/, '') + '-report.html';
    writeFileSync(reportPath, Buffer.from(reportFile.base64, 'base64'));
    return {
      dataDir: core.dataDir,
      caseId: c.id,
      captured: pagesCaptured,
      captureFailures: capture.errors,
      imported: ingest.items.length,
      bundlePath: exported.path,
      bundleSha256: exported.sha256,
      verified: opened.verification.ok,
      reportPath,
      verificationPath,
    };
  } finally {
    await site.close();
  }
}
