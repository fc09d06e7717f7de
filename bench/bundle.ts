/**
 * `npm run bench:bundle`: export and verify of a case holding >= 1 GB of mixed evidence (video-
 * sized and photo-sized already-compressed blobs, stored; text, deflated), beside `zip -0 -r` of
 * the same blobs and `sha256sum -c` over them. Each side runs in its own process on a warm page
 * cache; peak RSS is the child's. Prints figures; not a test. Options: `npm run bench:bundle -- --help`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportBundle } from '../src/bundle/exporter.js';
import { verifyBundle } from '../src/bundle/verifier.js';
import { openCore } from '../src/core.js';
import { readBenchOptions } from './options.js';

interface Figures { seconds: number; maxRssMB: number; bytes: number; ok?: boolean }

if (process.argv[2] === '--child') void runChild(process.argv[3] ?? '', process.argv[4] ?? '', process.argv[5] ?? '');
else void main();

async function main(): Promise<void> {
  const options = readBenchOptions('bench:bundle', {
    mb: { type: 'count', default: 1100, help: 'megabytes of large (video- and photo-sized) items' },
    small: { type: 'count', default: 2000, min: 0, help: 'more photo items of 256 KB, each with a 16 KB thumbnail' },
    keep: { type: 'flag', help: 'leave the temp dir' },
  });
  const targetMb = options.mb;
  const small = options.small;
  const root = mkdtempSync(join(tmpdir(), 'goldenhour-bench-bundle-'));
  try {
    console.log(`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
    const dataDir = join(root, 'data');
    const started = Date.now();
    const { bytes, files, caseId } = await generateCase(dataDir, targetMb, small);
    const mb = bytes / 2 ** 20;
    console.log(`Generated a case of ${files} items, ${mb.toFixed(0)} MB (videos and photos as stored media with thumbnails, text deflated), in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const bundle = join(root, 'bundle.zip');
    const ours = await child('export', dataDir, `${caseId}:${bundle}`);
    const zipSize = statSync(bundle).size / 2 ** 20;
    const zip0Only = timed(() => execFileSync('zip', ['-0', '-r', '-q', join(root, 'zip0.zip'), 'sha256'], { cwd: join(dataDir, 'vault') }));
    // Our export fsyncs the bundle before it reports success; `sync FILE` makes zip's output as durable.
    const zip0 = zip0Only + timed(() => execFileSync('sync', [join(root, 'zip0.zip')]));
    rmSync(join(root, 'zip0.zip'), { force: true });
    const verified = await child('verify', dataDir, bundle);
    const sumsPath = join(dataDir, 'vault', 'SHA256SUMS');
    writeFileSync(sumsPath, execFileSync('find', ['sha256', '-type', 'f'], { cwd: join(dataDir, 'vault'), encoding: 'utf8' }).trim().split('\n')
      .map((path) => `${path.split('/').pop() ?? ''}  ${path}\n`).join(''));
    const sums = timed(() => execFileSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: join(dataDir, 'vault') }));
    const rate = (seconds: number, size = mb) => `${(size / seconds).toFixed(0)} MB/s`;
    console.log(`\nExport (goldenhour): ${mb.toFixed(0)} MB in ${ours.seconds.toFixed(2)} s = ${rate(ours.seconds)}, peak RSS ${ours.maxRssMB.toFixed(0)} MB, zip ${zipSize.toFixed(0)} MB`);
    console.log(`zip -0 -r (same blobs) + sync of its output: ${zip0.toFixed(2)} s = ${rate(zip0)} (zip alone, not yet on disk: ${zip0Only.toFixed(2)} s = ${rate(zip0Only)})`);
    console.log(`Verify (goldenhour): ${zipSize.toFixed(0)} MB in ${verified.seconds.toFixed(2)} s = ${rate(verified.seconds, zipSize)}, peak RSS ${verified.maxRssMB.toFixed(0)} MB, intact: ${String(verified.ok)}`);
    console.log(`sha256sum -c (same blobs): ${sums.toFixed(2)} s = ${rate(sums)}`);
    const exportRatio = zip0 / ours.seconds;
    const verifyRatio = (sums / mb) / (verified.seconds / zipSize);
    console.log(`\nExport vs zip -0: ${exportRatio.toFixed(2)}x (target >= 0.8x: ${exportRatio >= 0.8 ? 'met' : 'NOT met'})`);
    console.log(`Verify vs sha256sum -c (per MB): ${verifyRatio.toFixed(2)}x (target >= 1x: ${verifyRatio >= 1 ? 'met' : 'NOT met'})`);
    console.log(`Peak RSS < 300 MB: export ${ours.maxRssMB < 300 ? 'met' : 'NOT met'}, verify ${verified.maxRssMB < 300 ? 'met' : 'NOT met'}`);
  } finally {
    if (!options.keep) rmSync(root, { recursive: true, force: true });
  }
}

function timed(run: () => unknown): number {
  const started = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Random bytes (incompressible, like real media) and CSV-like text, stored through the vault. */
async function generateCase(dataDir: string, targetMb: number, small: number): Promise<{ bytes: number; files: number; caseId: number }> {
  const core = openCore({ dataDir, analyser: null });
  try {
    const c = core.cases.create({ title: 'Bundle benchmark', scene: { lat: 51.5, lon: -0.12, radiusM: 500 }, incidentTime: '2026-11-21T14:00:00Z' }, 'bench');
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
      core.items.insert({ caseId: c.id, kind: entry.kind, sha256: stored.sha256, size: stored.size, mediaType: entry.mediaType, originalName: `${entry.kind}-${index}`,
        eventTime: { utc: new Date(Date.parse('2026-11-21T13:30:00Z') + index * 60_000).toISOString(), source: 'container', confidence: 'medium', raw: {} } }, 'bench');
    }
    for (let index = 0; index < small; index += 1) {
      const stored = await core.vault.putBuffer(randomBytes(256 * 1024));
      const thumbnail = await core.vault.putBuffer(randomBytes(16 * 1024));
      bytes += stored.size + thumbnail.size;
      core.items.insert({ caseId: c.id, kind: 'photo', sha256: stored.sha256, size: stored.size, mediaType: 'image/jpeg', originalName: `small-${index}.jpg`,
        eventTime: { utc: new Date(Date.parse('2026-11-21T13:00:00Z') + index * 1000).toISOString(), source: 'gps', confidence: 'high', raw: {} },
        location: { lat: 51.5 + (index % 40) / 10_000, lon: -0.12 + (index % 29) / 10_000, altitudeM: null, accuracyM: 5, source: 'gps' },
        artifacts: [{ role: 'thumbnail', sha256: thumbnail.sha256, size: thumbnail.size, mediaType: 'image/jpeg', derived: true }] }, 'bench');
    }
    return { bytes, files: plan.length + small, caseId: c.id };
  } finally {
    core.close();
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
    core.close();
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
