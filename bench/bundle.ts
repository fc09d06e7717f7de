/**
 * `npm run bench:bundle`: export and verify of a case holding >= 1 GB of mixed evidence (video-
 * sized and photo-sized already-compressed blobs, stored; text, deflated), or with `--content files`
 * of 40 incompressible 25 MB files of non-media types, beside `zip -0 -r` of the same blobs and
 * `sha256sum -c` over them, alternating, medians reported. Each side runs in its own process on a warm page
 * cache; peak RSS is the child's. Prints figures; not a test. Options: `npm run bench:bundle -- --help`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportBundle } from '../src/bundle/export/exporter.js';
import { verifyBundle } from '../src/bundle/verify/verifier.js';
import { openCore } from '../src/core.js';
import { readBenchOptions } from './options.js';

interface Figures { seconds: number; maxRssMB: number; bytes: number; ok?: boolean }

if (process.argv[2] === '--child') void runChild(process.argv[3] ?? '', process.argv[4] ?? '', process.argv[5] ?? '');
else void main();

async function main(): Promise<void> {
  const options = readBenchOptions('bench:bundle', {
    content: { type: 'choice', choices: ['mixed', 'files'], default: 'mixed', help: 'mixed: media, text and small photos (--mb, --small); files: 40 incompressible 25 MB files of types not known to be media (phone dumps, archives, unknown binaries)' },
    mb: { type: 'count', default: 1100, help: 'megabytes of large (video- and photo-sized) items (mixed)' },
    small: { type: 'count', default: 2000, min: 0, help: 'more photo items of 256 KB, each with a 16 KB thumbnail (mixed)' },
    runs: { type: 'count', default: 3, help: 'runs of each side, alternating; medians are reported' },
    keep: { type: 'flag', help: 'leave the temp dir' },
  });
  const root = mkdtempSync(join(tmpdir(), 'goldenhour-bench-bundle-'));
  try {
    console.log(`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average at start ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
    const dataDir = join(root, 'data');
    const started = Date.now();
    const { bytes, files, caseId } = options.content === 'files' ? await generateFilesCase(dataDir) : await generateMixedCase(dataDir, options.mb, options.small);
    const mb = bytes / 2 ** 20;
    console.log(`Generated a case of ${files} items, ${mb.toFixed(0)} MB (${options.content === 'files' ? 'incompressible files of non-media types' : 'videos and photos as stored media with thumbnails, text deflated'}), in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const vault = join(dataDir, 'vault');
    writeFileSync(join(vault, 'SHA256SUMS'), execFileSync('find', ['sha256', '-type', 'f'], { cwd: vault, encoding: 'utf8' }).trim().split('\n')
      .map((path) => `${path.split('/').pop() ?? ''}  ${path}\n`).join(''));
    const rounds: Round[] = [];
    // Ours and the baselines alternate, so that a busy spell on the shared cores weighs on both alike.
    for (let run = 0; run < options.runs; run += 1) rounds.push(await round(root, dataDir, caseId, run));
    report(rounds, mb);
  } finally {
    if (!options.keep) rmSync(root, { recursive: true, force: true });
  }
}

interface Round { ours: Figures; zip0: number; zip0Only: number; verified: Figures; sums: number; zipMB: number }

async function round(root: string, dataDir: string, caseId: number, run: number): Promise<Round> {
  const vault = join(dataDir, 'vault');
  const bundle = join(root, `bundle-${run}.zip`);
  const ours = await child('export', dataDir, `${caseId}:${bundle}`);
  const zipMB = statSync(bundle).size / 2 ** 20;
  const zip0Only = timed(() => execFileSync('zip', ['-0', '-r', '-q', join(root, 'zip0.zip'), 'sha256'], { cwd: vault }));
  // Our export fsyncs the bundle before it reports success; `sync FILE` makes zip's output as durable.
  const zip0 = zip0Only + timed(() => execFileSync('sync', [join(root, 'zip0.zip')]));
  rmSync(join(root, 'zip0.zip'), { force: true });
  const verified = await child('verify', dataDir, bundle);
  const sums = timed(() => execFileSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: vault }));
  rmSync(bundle, { force: true });
  return { ours, zip0, zip0Only, verified, sums, zipMB };
}

function report(rounds: Round[], mb: number): void {
  const rate = (seconds: number, size = mb) => `${(size / seconds).toFixed(0)} MB/s`;
  const list = (values: number[], digits = 2) => values.map((v) => v.toFixed(digits)).join(', ');
  for (const [run, r] of rounds.entries()) {
    console.log(`\nRun ${run + 1}:`);
    console.log(`  export (goldenhour): ${mb.toFixed(0)} MB in ${r.ours.seconds.toFixed(2)} s = ${rate(r.ours.seconds)}, peak RSS ${r.ours.maxRssMB.toFixed(0)} MB, zip ${r.zipMB.toFixed(0)} MB`);
    console.log(`  zip -0 -r (same blobs) + sync of its output: ${r.zip0.toFixed(2)} s = ${rate(r.zip0)} (zip alone, not yet on disk: ${r.zip0Only.toFixed(2)} s)`);
    console.log(`  verify (goldenhour): ${r.zipMB.toFixed(0)} MB in ${r.verified.seconds.toFixed(2)} s = ${rate(r.verified.seconds, r.zipMB)}, peak RSS ${r.verified.maxRssMB.toFixed(0)} MB, intact: ${String(r.verified.ok)}`);
    console.log(`  sha256sum -c (same blobs): ${r.sums.toFixed(2)} s = ${rate(r.sums)}`);
  }
  const exportRatios = rounds.map((r) => r.zip0 / r.ours.seconds);
  const verifyRatios = rounds.map((r) => (r.sums / mb) / (r.verified.seconds / r.zipMB));
  const exportRatio = median(exportRatios);
  const verifyRatio = median(verifyRatios);
  const exportRss = Math.max(...rounds.map((r) => r.ours.maxRssMB));
  const verifyRss = Math.max(...rounds.map((r) => r.verified.maxRssMB));
  console.log(`\nExport vs zip -0 + sync, median of ${rounds.length}: ${exportRatio.toFixed(2)}x (runs ${list(exportRatios)}; target >= 0.8x: ${exportRatio >= 0.8 ? 'met' : 'NOT met'})`);
  console.log(`Verify vs sha256sum -c (per MB), median of ${rounds.length}: ${verifyRatio.toFixed(2)}x (runs ${list(verifyRatios)}; target >= 1x: ${verifyRatio >= 1 ? 'met' : 'NOT met'})`);
  console.log(`Peak RSS < 300 MB: export ${exportRss.toFixed(0)} MB ${exportRss < 300 ? 'met' : 'NOT met'}, verify ${verifyRss.toFixed(0)} MB ${verifyRss < 300 ? 'met' : 'NOT met'}`);
  console.log(`Load average when done: ${loadavg().map((l) => l.toFixed(2)).join(', ')} (the cores are shared: ratios hold, seconds move)`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] ?? 0 : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function timed(run: () => unknown): number {
  const started = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/**
 * `--content files`: 40 incompressible files of 25 MB (random bytes, as phone dumps, archives and
 * unknown binaries are to deflate), typed as ingest types them: mostly application/octet-stream
 * (sniffed as nothing known), and some of types the exporter has no rule for.
 */
async function generateFilesCase(dataDir: string): Promise<{ bytes: number; files: number; caseId: number }> {
  const core = openCore({ dataDir, analyser: null });
  try {
    const c = await core.cases.create({ title: 'Bundle benchmark (files)', scene: { lat: 51.5, lon: -0.12, radiusM: 500 }, incidentTime: '2026-11-21T14:00:00Z' }, 'bench');
    const types = ['application/octet-stream', 'application/octet-stream', 'application/x-tar', 'application/vnd.sqlite3', 'application/x-executable'];
    let bytes = 0;
    for (let index = 0; index < 40; index += 1) {
      const stored = await core.vault.putBuffer(randomBytes(25 * 2 ** 20));
      bytes += stored.size;
      await core.items.insert({ caseId: c.id, kind: 'file', sha256: stored.sha256, size: stored.size, mediaType: types[index % types.length] ?? 'application/octet-stream', originalName: `dump-${index}.bin` }, 'bench');
    }
    return { bytes, files: 40, caseId: c.id };
  } finally {
    await core.close();
  }
}

/** Random bytes (incompressible, like real media) and CSV-like text, stored through the vault. */
async function generateMixedCase(dataDir: string, targetMb: number, small: number): Promise<{ bytes: number; files: number; caseId: number }> {
  const core = openCore({ dataDir, analyser: null });
  try {
    const c = await core.cases.create({ title: 'Bundle benchmark', scene: { lat: 51.5, lon: -0.12, radiusM: 500 }, incidentTime: '2026-11-21T14:00:00Z' }, 'bench');
    const plan: { kind: 'video' | 'photo' | 'file'; mediaType: string; mb: number }[] = [];
    let planned = 0;
    for (let i = 0; planned < targetMb; i += 1) {
      const entry = i % 10 === 0 ? { kind: 'video' as const, mediaType: 'video/mp4', mb: 120 } : i % 10 < 8 ? { kind: 'photo' as const, mediaType: 'image/jpeg', mb: 4 } : { kind: 'file' as const, mediaType: 'text/csv', mb: 2 };
      plan.push(entry);
      planned += entry.mb;
    }
    let bytes = 0;
    for (const [index, entry] of plan.entries()) {
      const content = entry.kind === 'file'
        ? Buffer.from(Array.from({ length: entry.mb * 16_384 }, (_, row) => `${index},${row},2026-11-21T14:${String(row % 60).padStart(2, '0')}:00Z,${(row * 7919) % 100_003}\n`).join('').slice(0, entry.mb * 2 ** 20))
        : randomBytes(entry.mb * 2 ** 20);
      const stored = await core.vault.putBuffer(content);
      bytes += stored.size;
      await core.items.insert({ caseId: c.id, kind: entry.kind, sha256: stored.sha256, size: stored.size, mediaType: entry.mediaType, originalName: `${entry.kind}-${index}`,
        eventTime: { utc: new Date(Date.parse('2026-11-21T13:30:00Z') + index * 60_000).toISOString(), source: 'container', confidence: 'medium', raw: {} } }, 'bench');
    }
    for (let index = 0; index < small; index += 1) {
      const stored = await core.vault.putBuffer(randomBytes(256 * 1024));
      const thumbnail = await core.vault.putBuffer(randomBytes(16 * 1024));
      bytes += stored.size + thumbnail.size;
      await core.items.insert({ caseId: c.id, kind: 'photo', sha256: stored.sha256, size: stored.size, mediaType: 'image/jpeg', originalName: `small-${index}.jpg`,
        eventTime: { utc: new Date(Date.parse('2026-11-21T13:00:00Z') + index * 1000).toISOString(), source: 'gps', confidence: 'high', raw: {} },
        location: { lat: 51.5 + (index % 40) / 10_000, lon: -0.12 + (index % 29) / 10_000, altitudeM: null, accuracyM: 5, source: 'gps' },
        artifacts: [{ role: 'thumbnail', sha256: thumbnail.sha256, size: thumbnail.size, mediaType: 'image/jpeg', derived: true }] }, 'bench');
    }
    return { bytes, files: plan.length + small, caseId: c.id };
  } finally {
    await core.close();
  }
}

function child(mode: string, dataDir: string, arg: string): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', mode, dataDir, arg], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.on('error', reject);
    proc.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as Figures) : reject(new Error(`${mode} child exited ${code}`))));
  });
}

async function runChild(mode: string, dataDir: string, arg: string): Promise<void> {
  const started = process.hrtime.bigint();
  let figures: Omit<Figures, 'seconds' | 'maxRssMB'>;
  if (mode === 'export') {
    const [caseId, out] = [Number(arg.split(':')[0]), arg.slice(arg.indexOf(':') + 1)];
    const core = openCore({ dataDir, analyser: null });
    const result = await exportBundle(core, { caseId, outPath: out, selection: {}, operator: 'bench' });
    await core.close();
    figures = { bytes: result.size };
  } else {
    const { report } = await verifyBundle(arg);
    if (!report.ok) console.error(report.problems.slice(0, 5));
    figures = { bytes: 0, ok: report.ok };
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(JSON.stringify({ ...figures, seconds, maxRssMB: peakRssMB() }));
}

/**
 * This process's own peak RSS. On Linux, getrusage's maxrss (process.resourceUsage) carries the
 * parent's peak across fork and exec, so a child spawned by a parent that held the generated
 * data would report the parent's figure; /proc/self/status VmHWM belongs to this process alone.
 */
function peakRssMB(): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) / 1024;
  } catch {
    // not Linux: fall back below
  }
  return process.resourceUsage().maxRSS / 1024;
}
