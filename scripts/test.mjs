// `npm test`: lint, typecheck, build, then the whole vitest suite twice, under two very
// different time zones (UTC+14 and UTC-8/-7), because results must not depend on the zone of
// the machine. Ends with one line "N passed, N failed" over both runs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const zones = (process.env.GOLDENHOUR_TEST_ZONES ?? 'Pacific/Kiritimati,America/Los_Angeles').split(',');
const extraArgs = process.argv.slice(2);

function step(title, command, args, env = {}) {
  process.stdout.write(`\n=== ${title}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

for (const [title, script] of [['lint', 'lint'], ['typecheck', 'typecheck'], ['build', 'build']]) {
  if (step(title, npm, ['run', '--silent', script]) !== 0) {
    process.stdout.write(`\n${title} failed\n0 passed, 1 failed\n`);
    process.exit(1);
  }
}

mkdirSync(join(root, 'test-output'), { recursive: true });
let passed = 0;
let failed = 0;
let exitCode = 0;
for (const zone of zones) {
  const report = join(root, 'test-output', `vitest-${zone.replace(/\W+/g, '-')}.json`);
  const status = step(`vitest (TZ=${zone})`, process.execPath, [
    join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extraArgs,
  ], { TZ: zone });
  try {
    const summary = JSON.parse(readFileSync(report, 'utf8'));
    passed += summary.numPassedTests;
    // A file that fails to load has no failed tests of its own: count it as a failure too.
    failed += summary.numFailedTests || summary.numFailedTestSuites;
    if (summary.numTotalTests === 0) exitCode = 1;
  } catch {
    failed += 1;
  }
  if (status !== 0) exitCode = 1;
}
if (failed > 0) exitCode = 1;
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(exitCode);
