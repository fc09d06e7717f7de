// `npm test`: lint, typecheck, build, then the whole vitest suite twice, under two very
// different time zones (UTC+14 and UTC-8/-7), because results must not depend on the zone of
// the machine. Ends with the failed tests, if any, each with the start of its message, and then
// one line "N passed, N failed" over both runs.
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
const failures = [];
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
    failures.push(...failuresOf(summary, zone));
  } catch {
    failed += 1;
    failures.push(`TZ=${zone}: no report at ${report}`);
  }
  if (status !== 0) exitCode = 1;
}
if (failed > 0) exitCode = 1;
if (failures.length > 0) process.stdout.write(`\n=== failed\n${failures.join('\n')}\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(exitCode);

/** Each failed test (or test file that did not load) of one run, with its message's first lines. */
function failuresOf(summary, zone) {
  const lines = [];
  for (const file of summary.testResults ?? []) {
    const where = file.name.startsWith(root) ? file.name.slice(root.length + 1) : file.name;
    const failedTests = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
    if (failedTests.length === 0 && file.status === 'failed') lines.push(`TZ=${zone} ${where}: ${firstLines(file.message)}`);
    for (const test of failedTests) lines.push(`TZ=${zone} ${where} > ${test.fullName}: ${firstLines(test.failureMessages?.[0])}`);
  }
  return lines;
}

function firstLines(message = '') {
  const lines = message.split('\n').map((line) => line.trim()).filter((line) => line && !(line.startsWith('at ') && line.includes('node_modules')));
  return lines.slice(0, 3).join(' | ').slice(0, 600);
}
