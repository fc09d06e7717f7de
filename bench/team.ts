/**
 * `npm run bench:team`: capture throughput of a team server's capture workers (1 and 2 worker
 * processes, each with its own Chromium) against one local `goldenhour capture` of the same
 * fixture pages, in the same run, on a throwaway PostgreSQL cluster. Both use their defaults
 * (concurrency 2 for the local command, one page at a time per worker, 500 ms between page loads
 * on one host). Prints figures; not a test. Options: `npm run bench:team -- --help`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { createApi } from '../src/api/api.js';
import { addCaptureWorker } from '../src/capture/capture-jobs.js';
import { openCore } from '../src/core.js';
import { startTeamServer } from '../src/server/team-server.js';
import { PostgresStore } from '../src/store/postgres/postgres-store.js';
import { systemClock } from '../src/util/clock.js';
import { packageRoot } from '../src/version.js';
import { readBenchOptions } from './options.js';

const SITE = join(packageRoot, 'test', 'fixtures', 'site');
const CLI = join(packageRoot, 'bin', 'goldenhour.js');
const PAGES = ['post.html', 'article.html', 'platforms/telegram-post.html', 'platforms/mastodon-status.html', 'platforms/reddit-post.html', 'platforms/bluesky-post.html'];
const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.jpg': 'image/jpeg', '.mp4': 'video/mp4' };

void main();

async function main(): Promise<void> {
  const options = readBenchOptions('bench:team', {
    pages: { type: 'count', default: 12, help: 'pages captured by each setup' },
    keep: { type: 'flag', help: 'leave the temp dir' },
  });
  const root = mkdtempSync(join(tmpdir(), 'goldenhour-bench-team-'));
  const site = await serveSite();
  const origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  const urls = (tag: string) => Array.from({ length: options.pages }, (_, i) => `${origin}/${PAGES[i % PAGES.length]}?${tag}=${i}`);
  const cluster = await startCluster(root);
  try {
    console.log(`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
    console.log(`${options.pages} pages of ${PAGES.length} shapes from the fixture site on 127.0.0.1; PostgreSQL ${cluster.version}\n`);
    const local = await benchLocal(join(root, 'local'), urls('local'));
    console.log(`Local goldenhour capture (concurrency 2): ${local.pages} pages in ${local.seconds.toFixed(1)} s = ${rate(local)} pages/min`);
    for (const count of [1, 2]) {
      const team = await benchWorkers(cluster, join(root, `w${count}`), count, urls(`w${count}`));
      console.log(`Team server, ${count} worker process${count === 1 ? '' : 'es'}: ${team.pages} pages in ${team.seconds.toFixed(1)} s = ${rate(team)} pages/min; ${(local.seconds / team.seconds).toFixed(2)}x the local command`);
    }
  } finally {
    await cluster.stop();
    site.close();
    if (!options.keep) rmSync(root, { recursive: true, force: true });
  }
}

const rate = (figures: { pages: number; seconds: number }) => ((figures.pages / figures.seconds) * 60).toFixed(1);

/** `goldenhour capture CASE URL... --allow-private` in its own process, timed from start to exit. */
async function benchLocal(dataDir: string, urls: string[]) {
  execFileSync(process.execPath, [CLI, 'case', 'create', '--title', 'bench'], { env: { ...process.env, GOLDENHOUR_DATA: dataDir }, stdio: 'pipe' });
  const started = process.hrtime.bigint();
  const out = await runToEnd(spawn(process.execPath, [CLI, 'capture', '1', ...urls, '--allow-private', '--json'], { env: { ...process.env, GOLDENHOUR_DATA: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const result = JSON.parse(out) as { items: { parentId: number | null }[]; errors: unknown[] };
  if (result.errors.length > 0) throw new Error(`the local capture failed some pages: ${JSON.stringify(result.errors)}`);
  return { pages: result.items.filter((i) => i.parentId === null).length, seconds };
}

/** A team server in this process on its own database, `count` worker processes, and one capture.run of the URLs over HTTP. */
async function benchWorkers(cluster: Cluster, vaultDir: string, count: number, urls: string[]) {
  const store = await PostgresStore.open(await cluster.createDatabase(), systemClock);
  const core = openCore({ dataDir: vaultDir, store, anchorTimer: false, operator: 'server' });
  const api = createApi(core);
  const server = await startTeamServer({ api, core, host: '127.0.0.1', port: 0, rendererDir: join(vaultDir, 'no-renderer') });
  const workers: ChildProcess[] = [];
  try {
    await core.accounts.addUser('bench', 'bench password 123', true);
    const session = (await post(server.url, null, 'session.login', { user: 'bench', password: 'bench password 123' })) as { token: string };
    await post(server.url, session.token, 'case.create', { title: 'bench' });
    for (let i = 1; i <= count; i += 1) {
      const { token } = await addCaptureWorker(store, systemClock, `bench-${i}`);
      workers.push(spawn(process.execPath, [CLI, 'worker', '--server', server.url.replace(/\/$/, ''), '--token', token], { stdio: 'ignore' }));
    }
    while ((await core.captureJobs.connectedWorkers()) < count) await new Promise((resolve) => setTimeout(resolve, 200));
    const started = process.hrtime.bigint();
    const result = (await post(server.url, session.token, 'capture.run', { caseId: 1, urls, allowPrivate: true })) as { items: { parentId: number | null }[]; errors: unknown[] };
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.errors.length > 0) throw new Error(`the workers failed some pages: ${JSON.stringify(result.errors)}`);
    return { pages: result.items.filter((i) => i.parentId === null).length, seconds };
  } finally {
    for (const worker of workers) worker.kill('SIGTERM');
    await Promise.all(workers.map((worker) => new Promise((resolve) => (worker.exitCode !== null ? resolve(null) : worker.once('exit', resolve)))));
    await server.close();
    await core.close();
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
