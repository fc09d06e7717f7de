// bench:cli-start: how long a CLI command takes to start, against Node's own start measured in the
// same run (the ratio holds however loaded the machine is). Each round runs, in turn, `node -e 0`
// (the baseline), `goldenhour --version` and `goldenhour case list` on a fresh data folder;
// CPU time (user + system of the child) and wall time are reported as medians.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBenchOptions } from './options.js';

const options = readBenchOptions('bench:cli-start', {
  rounds: { type: 'count', default: 10, min: 1, help: 'runs of each command, alternating' },
});
const cli = fileURLToPath(new URL('../../bin/goldenhour.js', import.meta.url));
const data = mkdtempSync(join(tmpdir(), 'goldenhour-bench-cli-'));
const commands: Record<string, string[]> = {
  'node -e 0 (baseline)': ['-e', '0'],
  'goldenhour --version': [cli, '--version'],
  'goldenhour case list': [cli, 'case', 'list'],
};

interface Sample { wallMs: number; cpuMs: number }
const samples = new Map<string, Sample[]>(Object.keys(commands).map((name) => [name, []]));
const loadBefore = loadavg()[0]!;
for (let round = 0; round < options.rounds; round++) {
  for (const [name, args] of Object.entries(commands)) {
    const started = process.hrtime.bigint();
    // The child's own CPU time, from bash's `time` (Node reports no per-child usage).
    const run = spawnSync('bash', ['-c', 'TIMEFORMAT="%U %S"; time "$@" >/dev/null', 'bench', process.execPath, ...args], { env: { ...process.env, GOLDENHOUR_DATA: data }, encoding: 'utf8' });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (run.status !== 0) throw new Error(`${name} failed: ${run.stderr}`);
    const [user, system] = run.stderr.trim().split('\n').pop()!.split(' ').map(Number);
    samples.get(name)!.push({ wallMs, cpuMs: ((user ?? 0) + (system ?? 0)) * 1000 });
  }
}
rmSync(data, { recursive: true, force: true });

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const base = samples.get('node -e 0 (baseline)')!;
const baseCpu = median(base.map((s) => s.cpuMs));
const baseWall = median(base.map((s) => s.wallMs));
console.log(`bench:cli-start, ${options.rounds} rounds, load ${loadBefore.toFixed(1)} -> ${loadavg()[0]!.toFixed(1)}`);
for (const [name, list] of samples) {
  const cpu = median(list.map((s) => s.cpuMs));
  const wall = median(list.map((s) => s.wallMs));
  console.log(`${name.padEnd(24)} CPU ${cpu.toFixed(0).padStart(5)} ms (${(cpu / baseCpu).toFixed(1)}x node)  wall ${wall.toFixed(0).padStart(5)} ms (${(wall / baseWall).toFixed(1)}x node)`);
}
