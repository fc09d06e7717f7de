/**
 * `npm run bench:team`: a team server on PostgreSQL against the local single-user app on SQLite,
 * each part in the same run so that the ratios hold on a shared machine (the load average is
 * printed with every figure):
 *   capture  capture throughput of 1, 2 and 4 `goldenhour worker` processes (each with its own
 *            Chromium) against one local `goldenhour capture` of the same fixture pages;
 *   queries  the API calls the evidence grid and the timeline make (`items.summary`,
 *            `timeline.data`) on a case of 50,000 items seeded through ItemRepository.insertMany into
 *            SQLite and into PostgreSQL, timed alternately, p50 and p99 of each;
 *   ingest   `goldenhour ingest` of 500 generated 12 MP photos into a team case (`--server`:
 *            uploaded, re-hashed and ingested on the server) against a local case.
 * The PostgreSQL cluster is a throwaway one (initdb, pg_ctl). Prints figures; not a test.
 * Options: `npm run bench:team -- --help`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { createApi } from '../src/api/api.js';
import { addCaptureWorker } from '../src/capture/capture-jobs.js';
import { openCore } from '../src/core.js';
import { startTeamServer } from '../src/server/team-server.js';
import { PostgresStore } from '../src/store/postgres/postgres-store.js';
import { systemClock } from '../src/util/clock.js';
import { packageRoot } from '../src/version.js';
import { readBenchOptions } from './options.js';
import { generatePhotos } from './photos.js';
import { seedCase } from './seed-case.js';

const SITE = join(packageRoot, 'test', 'fixtures', 'site');
const CLI = join(packageRoot, 'bin', 'goldenhour.js');
const PAGES = ['post.html', 'article.html', 'platforms/telegram-post.html', 'platforms/mastodon-status.html', 'platforms/reddit-post.html', 'platforms/bluesky-post.html'];
const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.jpg': 'image/jpeg', '.mp4': 'video/mp4' };

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

async function main(): Promise<void> {
  const options = readBenchOptions('bench:team', {
    part: { type: 'choice', choices: ['all', 'capture', 'queries', 'ingest'], default: 'all', help: 'which part to run' },
    pages: { type: 'count', default: 12, help: 'capture: pages captured by each setup' },
    'max-workers': { type: 'count', default: 4, help: 'capture: worker processes are run 1, 2, 4, ... up to this many' },
    items: { type: 'count', default: 50_000, help: 'queries: items in the seeded case' },
    reps: { type: 'count', default: 30, help: 'queries: timed repetitions of each call on each backend (after one untimed warm-up)' },
    photos: { type: 'count', default: 500, help: 'ingest: 12 MP photos ingested by each setup' },
    keep: { type: 'flag', help: 'leave the temp dir' },
  });
  const root = mkdtempSync(join(tmpdir(), 'goldenhour-bench-team-'));
  const cluster = await startCluster(root);
  try {
    console.log(`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL ${cluster.version}; ${load()}`);
    const run = (part: string) => options.part === 'all' || options.part === part;
    if (run('capture')) await benchCapture(cluster, join(root, 'capture'), options.pages, options['max-workers']);
    if (run('queries')) await benchQueries(cluster, join(root, 'queries'), options.items, options.reps);
    if (run('ingest')) await benchIngest(cluster, join(root, 'ingest'), options.photos);
  } finally {
    await cluster.stop();
    if (!options.keep) rmSync(root, { recursive: true, force: true });
    else console.log(`Kept ${root}`);
  }
}

/** The load average now (1, 5, 15 minutes): the cores are shared, and every figure moves with it. */
function load(): string {
  return `load ${loadavg().map((l) => l.toFixed(1)).join(' / ')}`;
}

/** Busy and total CPU time of the whole machine so far (/proc/stat, in clock ticks): how many cores a stretch kept busy. */
function cpuTicks(): { busy: number; total: number } {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, n) => sum + n, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/** Times `work`, with the machine's cores kept busy meanwhile (by anything: others' work too). */
async function measured<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number; coresBusy: number; load: string }> {
  const before = cpuTicks();
  const started = process.hrtime.bigint();
  const value = await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const after = cpuTicks();
  const coresBusy = ((after.busy - before.busy) / Math.max(1, after.total - before.total)) * cpus().length;
  return { value, seconds, coresBusy, load: load() };
}

async function benchCapture(cluster: Cluster, root: string, pages: number, maxWorkers: number): Promise<void> {
  const site = await serveSite();
  try {
    const origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    const urls = (tag: string) => Array.from({ length: pages }, (_, i) => `${origin}/${PAGES[i % PAGES.length]}?${tag}=${i}`);
    console.log(`\nCapture: ${pages} pages of ${PAGES.length} shapes from the fixture site on 127.0.0.1 for each setup (its own URLs, database and folder)`);
    const local = await benchLocal(join(root, 'local'), urls('local'));
    console.log(`Local goldenhour capture (concurrency 2): ${local.value} pages in ${local.seconds.toFixed(1)} s = ${rate(local.value, local.seconds)} pages/min; cores busy ${local.coresBusy.toFixed(2)} of ${cpus().length}; ${local.load}`);
    for (let count = 1; count <= maxWorkers; count *= 2) {
      const team = await benchWorkers(cluster, join(root, `w${count}`), count, urls(`w${count}`));
      console.log(`Team server, ${count} worker process${count === 1 ? '' : 'es'}: ${team.value} pages in ${team.seconds.toFixed(1)} s = ${rate(team.value, team.seconds)} pages/min, ${(local.seconds / team.seconds).toFixed(2)}x the local command; cores busy ${team.coresBusy.toFixed(2)} of ${cpus().length}; ${team.load}`);
    }
  } finally {
    site.close();
  }
}

const rate = (pages: number, seconds: number) => ((pages / seconds) * 60).toFixed(1);


/** `goldenhour capture CASE URL... --allow-private` in its own process, timed from start to exit. */
async function benchLocal(dataDir: string, urls: string[]) {
  const env = { ...process.env, GOLDENHOUR_DATA: dataDir, GOLDENHOUR_SERVER: '' };
  execFileSync(process.execPath, [CLI, 'case', 'create', '--title', 'bench'], { env, stdio: 'pipe' });
  return measured(async () => {
    const out = await runToEnd(spawn(process.execPath, [CLI, 'capture', '1', ...urls, '--allow-private', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
    const result = JSON.parse(out) as { items: { parentId: number | null }[]; errors: unknown[] };
    if (result.errors.length > 0) throw new Error(`the local capture failed some pages: ${JSON.stringify(result.errors)}`);
    return result.items.filter((i) => i.parentId === null).length;
  });
}

/** A team server in this process on its own new database, with an administrator signed in and one case. */
async function startTeam(cluster: Cluster, vaultDir: string) {
  const store = await PostgresStore.open(await cluster.createDatabase(), systemClock);
  const core = openCore({ dataDir: vaultDir, store, anchorTimer: false, operator: 'server' });
  const server = await startTeamServer({ api: createApi(core), core, host: '127.0.0.1', port: 0, rendererDir: join(vaultDir, 'no-renderer') });
  await core.accounts.addUser('bench', BENCH_PASSWORD, true);
  const session = (await post(server.url, null, 'session.login', { user: 'bench', password: BENCH_PASSWORD })) as { token: string };
  await post(server.url, session.token, 'case.create', { title: 'bench' });
  return {
    store, core, url: server.url.replace(/\/$/, ''), token: session.token,
    async close() {
      await server.close();
      await core.close();
    },
  };
}

const BENCH_PASSWORD = 'bench password 123';

/** A team server with `count` worker processes, and one capture.run of the URLs over HTTP, timed until it returns. */
async function benchWorkers(cluster: Cluster, vaultDir: string, count: number, urls: string[]) {
  const team = await startTeam(cluster, vaultDir);
  const workers: ChildProcess[] = [];
  try {
    for (let i = 1; i <= count; i += 1) {
      const { token } = await addCaptureWorker(team.store, systemClock, `bench-${i}`);
      workers.push(spawn(process.execPath, [CLI, 'worker', '--server', team.url, '--token', token], { stdio: 'ignore' }));
    }
    while ((await team.core.captureJobs.connectedWorkers()) < count) await new Promise((resolve) => setTimeout(resolve, 200));
    return await measured(async () => {
      const result = (await post(team.url, team.token, 'capture.run', { caseId: 1, urls, allowPrivate: true })) as { items: { parentId: number | null }[]; errors: unknown[] };
      if (result.errors.length > 0) throw new Error(`the workers failed some pages: ${JSON.stringify(result.errors)}`);
      return result.items.filter((i) => i.parentId === null).length;
    });
  } finally {
    for (const worker of workers) worker.kill('SIGTERM');
    await Promise.all(workers.map((worker) => new Promise((resolve) => (worker.exitCode !== null ? resolve(null) : worker.once('exit', resolve)))));
    await team.close();
  }
}

/**
 * The API calls the evidence grid and the timeline make on opening a case (no filter): the grid's
 * `items.summary`, the timeline's `timeline.data` and its facets (`items.summary`, limit 0).
 * Called through the API in this process, so the figure is the backend's, not HTTP's.
 */
const UI_CALLS: [string, 'items.summary' | 'timeline.data', Record<string, unknown>][] = [
  ['evidence grid: items.summary', 'items.summary', { filter: {} }],
  ['timeline: timeline.data', 'timeline.data', { filter: {} }],
  ['timeline: items.summary limit 0', 'items.summary', { limit: 0 }],
];

async function benchQueries(cluster: Cluster, root: string, count: number, reps: number): Promise<void> {
  console.log(`\nQueries: a case of ${count.toLocaleString('en')} items seeded through ItemRepository.insertMany (rows and custody entries, one unit of work) on each backend`);
  const sqlite = openCore({ dataDir: join(root, 'sqlite'), anchorTimer: false, operator: 'bench' });
  const postgres = openCore({ dataDir: join(root, 'postgres'), store: await PostgresStore.open(await cluster.createDatabase(), systemClock), anchorTimer: false, operator: 'bench' });
  const backends = [{ name: 'SQLite', core: sqlite }, { name: 'PostgreSQL', core: postgres }].map((b) => ({ ...b, api: createApi(b.core), caseId: 0, times: UI_CALLS.map(() => [] as number[]) }));
  try {
    for (const backend of backends) {
      const seeded = await seedCase(backend.core, count);
      backend.caseId = seeded.caseId;
      console.log(`Seeded ${backend.name} in ${seeded.seconds.toFixed(1)} s; ${load()}`);
    }
    const call = async (backend: (typeof backends)[number], i: number) => {
      const [, name, payload] = UI_CALLS[i]!;
      const started = process.hrtime.bigint();
      const value = await backend.api.call(name, { caseId: backend.caseId, ...payload } as never);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const rows = name === 'items.summary' ? (value as { rows: unknown[]; total?: number }).rows.length : (value as { ids?: unknown[] }).ids?.length;
      return { ms, rows };
    };
    // One untimed call of each (the first reads the case cold), checking both backends answer alike.
    for (let i = 0; i < UI_CALLS.length; i++) {
      const answers = await Promise.all(backends.map((b) => call(b, i)));
      if (answers[0]!.rows !== answers[1]!.rows) throw new Error(`${UI_CALLS[i]![0]}: SQLite answered ${answers[0]!.rows} rows, PostgreSQL ${answers[1]!.rows}`);
    }
    const loads: string[] = [load()];
    // Alternating backend by backend, call by call: a busy spell on the shared cores weighs on both alike.
    for (let rep = 0; rep < reps; rep++) {
      for (let i = 0; i < UI_CALLS.length; i++) {
        for (const backend of rep % 2 === 0 ? backends : [...backends].reverse()) backend.times[i]!.push((await call(backend, i)).ms);
      }
      if (rep === Math.floor(reps / 2)) loads.push(load());
    }
    loads.push(load());
    console.log(`${reps} timed calls of each on each backend, alternating (p99 is the nearest rank: with ${reps} calls, the slowest${reps >= 100 ? ' 1%' : ''}); ${loads.join(', then ')}`);
    for (let i = 0; i < UI_CALLS.length; i++) {
      const [sq, pg] = backends.map((b) => ({ p50: percentile(b.times[i]!, 50), p99: percentile(b.times[i]!, 99) }));
      console.log(`  ${UI_CALLS[i]![0].padEnd(32)} SQLite p50 ${sq!.p50.toFixed(0)} ms, p99 ${sq!.p99.toFixed(0)} ms; PostgreSQL p50 ${pg!.p50.toFixed(0)} ms, p99 ${pg!.p99.toFixed(0)} ms; PostgreSQL/SQLite ${(pg!.p50 / sq!.p50).toFixed(2)}x at p50, ${(pg!.p99 / sq!.p99).toFixed(2)}x at p99`);
    }
  } finally {
    await sqlite.close();
    await postgres.close();
  }
}

/** The nearest-rank percentile. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * `goldenhour ingest 1 PHOTOS` into a local case (its own data folder, SQLite) and
 * `goldenhour ingest 1 PHOTOS --server URL` into a team case (each file uploaded, re-hashed on
 * arrival and ingested by the server on PostgreSQL), each in its own process timed to its exit.
 */
async function benchIngest(cluster: Cluster, root: string, count: number): Promise<void> {
  const photos = join(root, 'photos');
  const started = Date.now();
  const bytes = await generatePhotos(photos, count, 'photo');
  console.log(`\nIngest: ${count} JPEGs of 12 MP with EXIF and GPS (as bench:ingest makes them), ${(bytes / 2 ** 20).toFixed(0)} MB, generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const ingested = (out: string) => {
    const result = JSON.parse(out) as { items: unknown[]; errors: unknown[] };
    if (result.errors.length > 0 || result.items.length !== count) throw new Error(`the ingest added ${result.items.length} of ${count} photos: ${JSON.stringify(result.errors).slice(0, 2000)}`);
    return result.items.length;
  };
  const localData = join(root, 'local');
  const localEnv = { ...process.env, GOLDENHOUR_DATA: localData, GOLDENHOUR_SERVER: '' };
  execFileSync(process.execPath, [CLI, 'case', 'create', '--title', 'bench'], { env: localEnv, stdio: 'pipe' });
  const local = await measured(async () => ingested(await runToEnd(spawn(process.execPath, [CLI, 'ingest', '1', photos, '--json'], { env: localEnv, stdio: ['ignore', 'pipe', 'pipe'] }))));
  console.log(`Local case (SQLite): ${local.value} photos in ${local.seconds.toFixed(1)} s = ${(local.value / local.seconds).toFixed(1)} files/s; cores busy ${local.coresBusy.toFixed(2)} of ${cpus().length}; ${local.load}`);
  const team = await startTeam(cluster, join(root, 'server'));
  try {
    const teamEnv = { ...process.env, XDG_CONFIG_HOME: join(root, 'config'), GOLDENHOUR_DATA: '', GOLDENHOUR_SERVER: '' };
    const passwordFile = join(root, 'bench.pw');
    writeFileSync(passwordFile, `${BENCH_PASSWORD}\n`, { mode: 0o600 });
    // Not execFileSync: the server answering it runs in this process.
    await runToEnd(spawn(process.execPath, [CLI, 'login', '--server', team.url, '--user', 'bench', '--password-file', passwordFile], { env: teamEnv, stdio: ['ignore', 'pipe', 'pipe'] }));
    const remote = await measured(async () => ingested(await runToEnd(spawn(process.execPath, [CLI, 'ingest', '1', photos, '--server', team.url, '--json'], { env: teamEnv, stdio: ['ignore', 'pipe', 'pipe'] }))));
    console.log(`Team case (server on PostgreSQL, uploaded over HTTP): ${remote.value} photos in ${remote.seconds.toFixed(1)} s = ${(remote.value / remote.seconds).toFixed(1)} files/s, ${(remote.seconds / local.seconds).toFixed(2)}x the local wall time; cores busy ${remote.coresBusy.toFixed(2)} of ${cpus().length}; ${remote.load}`);
  } finally {
    await team.close();
  }
}

async function post(serverUrl: string, token: string | null, name: string, payload: unknown): Promise<unknown> {
  const response = await fetch(new URL(`/api/${name}`, serverUrl), {
    method: 'POST', headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(payload),
  });
  const json = (await response.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
  if (!json.ok) throw new Error(`${name}: ${json.error?.message}`);
  return json.value;
}

function runToEnd(child: ChildProcess): Promise<string> {
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${err}`)))));
}

interface Cluster {
  version: string;
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

/** A throwaway PostgreSQL cluster (Debian's binaries; as the postgres user when we are root): initdb and pg_ctl on a free loopback port. */
async function startCluster(root: string): Promise<Cluster> {
  const base = '/usr/lib/postgresql';
  const version = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a))[0] : undefined;
  if (!version) throw new Error(`bench:team needs PostgreSQL (${base}/*/bin/initdb): install Debian's postgresql package`);
  const bin = join(base, version, 'bin');
  const dir = join(root, 'pg');
  execFileSync('mkdir', ['-p', dir]);
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (asRoot) {
    const [uid, gid] = execFileSync('id', ['-u', 'postgres']).toString().trim().split('\n').concat(execFileSync('id', ['-g', 'postgres']).toString().trim()).map(Number);
    chownSync(root, uid!, gid!);
    chownSync(dir, uid!, gid!);
  }
  const run = (tool: string, args: string[]) => (asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], { stdio: 'pipe' }) : execFileSync(join(bin, tool), args, { stdio: 'pipe' }));
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as AddressInfo;
      probe.close(() => resolve(free));
    });
  });
  run('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  run('pg_ctl', ['-D', join(dir, 'data'), '-l', join(dir, 'server.log'), '-w', '-t', '120', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, 'start']);
  let made = 0;
  return {
    version,
    async createDatabase() {
      made += 1;
      run('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-c', `CREATE DATABASE bench_${made}`]);
      return `postgres://postgres@127.0.0.1:${port}/bench_${made}`;
    },
    async stop() {
      run('pg_ctl', ['-D', join(dir, 'data'), '-m', 'fast', '-w', 'stop']);
    },
  };
}

function serveSite(): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(join(SITE, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    if (!path.startsWith(SITE)) return void res.writeHead(403).end();
    try {
      const body = readFileSync(path);
      res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream', 'content-length': body.length }).end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<!doctype html><title>Not found</title>');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
