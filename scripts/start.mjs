// `npm start`: builds what is out of date, then opens the desktop app (Electron), fetching its
// binary on first use where the network allows. Where Electron cannot run, it says so in one
// line and starts browser mode instead (`goldenhour serve`), which prints the address to open.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.start-build-stamp');
const outputs = ['dist/src/cli/main.js', 'dist/main/main.js', 'dist/main/preload.cjs', 'dist/renderer/index.html'];

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function buildIfNeeded() {
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  const sources = Math.max(...['src', 'main', 'renderer', 'scripts'].map((dir) => newestMtime(join(root, dir))), statSync(join(root, 'package.json')).mtimeMs);
  if (outputs.every((file) => existsSync(join(root, file))) && built >= sources) return;
  console.log('Building Golden Hour…');
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  writeFileSync(stamp, new Date().toISOString());
}

/** The Electron executable, fetched on demand; or the reason it cannot be had. */
function electronBinary() {
  const pkg = join(root, 'node_modules', 'electron');
  if (!existsSync(join(pkg, 'package.json'))) return { error: 'the electron package is not installed' };
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile) || !existsSync(join(pkg, 'dist'))) {
    const fetched = spawnSync(process.execPath, [join(pkg, 'install.js')], { cwd: pkg, stdio: 'pipe', timeout: 180_000, encoding: 'utf8' });
    if (fetched.status !== 0 || !existsSync(pathFile)) {
      const reason = `${fetched.error?.message ?? ''} ${fetched.stderr ?? ''}`.split('\n').map((line) => line.trim()).find((line) => line) ?? `exit code ${fetched.status}`;
      return { error: `its binary could not be downloaded (${reason.slice(0, 160)})` };
    }
  }
  const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { binary } : { error: `its binary is missing at ${binary}` };
}

function browserMode(reason) {
  console.log(`Electron cannot run here (${reason}); starting browser mode instead.`);
  const child = spawn(process.execPath, [join(root, 'bin', 'goldenhour.js'), 'serve', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => process.exit(code ?? 0));
}

buildIfNeeded();
if (process.env.GOLDENHOUR_BROWSER_MODE) browserMode('GOLDENHOUR_BROWSER_MODE is set');
else if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) browserMode('no graphical display: DISPLAY and WAYLAND_DISPLAY are not set');
else {
  const electron = electronBinary();
  if (electron.error) browserMode(`Electron is unavailable: ${electron.error}`);
  else {
    const child = spawn(electron.binary, [root], { cwd: root, stdio: 'inherit' });
    child.on('error', (error) => browserMode(`Electron failed to start: ${error.message}`));
    child.on('exit', (code) => process.exit(code ?? 0));
  }
}
